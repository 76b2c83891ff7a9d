// "Did every order arrive?": the orders Shopify's webhooks announced in the period against those
// this vendor received, with a link to the rows that did not make it.
import { InlineStack, Link, Text } from "@shopify/polaris";
import type { OrderAccuracy } from "../admin/accuracy.server";
import { filterSearch } from "../admin/activity-filter";

interface Props {
  vendorId: string;
  vendorName: string;
  accuracy: OrderAccuracy;
  since: Date;
}

export function AccuracyLine({ vendorId, vendorName, accuracy, since }: Props) {
  const missing = accuracy.inShopify - accuracy.delivered;
  const link = `/app/activity${filterSearch({ vendor: vendorId, kind: "order", status: "undelivered", from: since })}`;
  return (
    <InlineStack gap="200" blockAlign="center">
      <Text as="p">
        Orders: {accuracy.inShopify} in Shopify in the last 24 hours (distinct orders in the order webhooks Conduit received),{" "}
        {accuracy.delivered} delivered to {vendorName}.
      </Text>
      {missing > 0 ? (
        <Link url={link}>See the {missing} not delivered</Link>
      ) : (
        accuracy.inShopify > 0 && <Text as="span" tone="success">Every order arrived.</Text>
      )}
    </InlineStack>
  );
}
