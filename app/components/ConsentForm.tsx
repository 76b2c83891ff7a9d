// Per vendor: what visitor consent its storefront tracking waits for (Shopify's Customer Privacy API).
import { Form, useNavigation } from "@remix-run/react";
import { BlockStack, Button, Card, InlineStack, Select, Text } from "@shopify/polaris";
import { useState } from "react";
import { CONSENT_LABEL, CONSENT_MODES } from "../admin/consent";

export interface ConsentRow {
  id: string;
  name: string;
  connected: boolean;
  consent: string | null;
}

const OPTIONS = CONSENT_MODES.map((m) => ({ value: m, label: CONSENT_LABEL[m] }));

function VendorConsent({ row }: { row: ConsentRow }) {
  const [value, setValue] = useState(row.consent ?? "");
  if (!row.connected) {
    return <Text as="p" tone="subdued">{row.name}: not connected. Connect it on the Overview to choose its consent mode.</Text>;
  }
  return <Select label={row.name} name={`consent.${row.id}`} options={OPTIONS} value={value} onChange={setValue} />;
}

export function ConsentForm({ rows }: { rows: ConsentRow[] }) {
  const nav = useNavigation();
  const saving = nav.state === "submitting" && nav.formData?.get("intent") === "consent";
  return (
    <Card>
      <Form method="post">
        <input type="hidden" name="intent" value="consent" />
        <BlockStack gap="300">
          <Text as="h2" variant="headingMd">Visitor consent</Text>
          <Text as="p">
            Storefront tracking starts only once a visitor has given the consent chosen here, as recorded by your store&apos;s
            cookie banner. Check with each vendor&apos;s agreement which consent its tracking needs.
          </Text>
          {rows.map((r) => <VendorConsent key={r.id} row={r} />)}
          {rows.some((r) => r.connected) && (
            <InlineStack align="end"><Button submit variant="primary" loading={saving}>Save consent</Button></InlineStack>
          )}
        </BlockStack>
      </Form>
    </Card>
  );
}
