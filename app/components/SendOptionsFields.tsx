// What to send to the vendor: one box per kind of data the vendor supports. Unticked means none of
// that kind is queued for this vendor any more.
import { BlockStack, Checkbox, Text } from "@shopify/polaris";
import { useState } from "react";

const LABELS: Record<string, { label: string; help: string }> = {
  customers: { label: "Customers", help: "New and updated customer profiles." },
  catalogue: { label: "Catalogue", help: "Collections and products, with their variants." },
  orders: { label: "Orders", help: "New orders, their updates, cancellations and refunds." },
  storefront: { label: "Storefront tracking", help: "The vendor's script on your storefront: page views, carts, sign-ups." },
  serverEvents: { label: "Server-side events", help: "Storefront events sent from Conduit's server instead of the browser." },
};

export function SendOptionsFields({ options, initial }: { options: string[]; initial: Record<string, boolean> }) {
  const [checked, setChecked] = useState(initial);
  return (
    <BlockStack gap="200">
      <Text as="h2" variant="headingMd">What to send</Text>
      {options.map((o) => (
        <Checkbox
          key={o}
          name={`send.${o}`}
          label={LABELS[o]?.label ?? o}
          helpText={LABELS[o]?.help}
          checked={checked[o] ?? true}
          onChange={(value) => setChecked((c) => ({ ...c, [o]: value }))}
        />
      ))}
    </BlockStack>
  );
}
