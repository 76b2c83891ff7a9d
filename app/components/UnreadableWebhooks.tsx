// The Overview's warning about webhooks Conduit could not read: how many, which, why, and how the
// records they were about still reach the vendors.
import { Banner, BlockStack, List, Text } from "@shopify/polaris";
import { Timestamp } from "./Timestamp";

interface Facts {
  count: number;
  latest: { id: string; topic: string; receivedAt: string | Date; reason: string }[];
  reconcileMinutes: number;
}

/** How the records still arrive: reconciliation brings orders, customers and products back. */
function next(reconcileMinutes: number, them: string): string {
  if (reconcileMinutes > 0) {
    return `Orders, customers and products among ${them} still reach your vendors: Conduit compares your store with what it sent every ${reconcileMinutes} minutes. A collection needs saving again in Shopify.`;
  }
  return `Save ${them} again in Shopify to send ${them}, or ask your app's operator to turn on Conduit's regular comparison with your store.`;
}

export function UnreadableWebhooks({ facts }: { facts: Facts }) {
  if (facts.count === 0) return null;
  const them = facts.count === 1 ? "it" : "them";
  return (
    <Banner tone="warning" title={`Shopify sent ${facts.count === 1 ? "1 update" : `${facts.count} updates`} in the last 24 hours that Conduit could not read`}>
      <BlockStack gap="200">
        <Text as="p">{`Nothing was sent to your vendors for ${them}. ${next(facts.reconcileMinutes, them)}`}</Text>
        <List>
          {facts.latest.map((w) => (
            <List.Item key={w.id}>
              {w.topic}, <Timestamp at={w.receivedAt} />: {w.reason}
            </List.Item>
          ))}
        </List>
      </BlockStack>
    </Banner>
  );
}
