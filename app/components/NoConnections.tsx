// The Overview of a shop with nothing connected yet: what Conduit does and the one next step.
import { BlockStack, Card, Text } from "@shopify/polaris";

export function NoConnections() {
  return (
    <Card>
      <BlockStack gap="200">
        <Text as="h2" variant="headingMd">Connect your first marketing tool</Text>
        <Text as="p">
          Conduit sends your store&apos;s customers, collections, products and orders to the marketing tools you connect.
          Pick one below, paste the API keys from that tool&apos;s settings and press Save. Every change in your store is
          sent from then on, and this page shows what arrived.
        </Text>
      </BlockStack>
    </Card>
  );
}
