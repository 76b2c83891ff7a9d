// One vendor on the Overview: state, the last 24 hours in three numbers, the latest problem in
// plain words, the order accuracy line and where to go next.
import { Banner, BlockStack, Button, Card, InlineStack, Text } from "@shopify/polaris";
import type { VendorSummary } from "../admin/overview.server";
import { AccuracyLine } from "./AccuracyLine";
import { ConnectionBadge } from "./StatusBadge";
import { Timestamp } from "./Timestamp";

export function VendorCard({ vendor, since }: { vendor: VendorSummary; since: Date }) {
  const connected = vendor.state !== "not_connected";
  const { delivered, waiting, failed } = vendor.counts;
  return (
    <Card>
      <BlockStack gap="300">
        <InlineStack align="space-between" blockAlign="center">
          <Text as="h2" variant="headingMd">{vendor.name}</Text>
          <ConnectionBadge state={vendor.state} />
        </InlineStack>
        {connected ? (
          <Text as="p">
            Last 24 hours: {delivered} delivered · {waiting} pending ·{" "}
            <Text as="span" tone={failed ? "critical" : undefined}>{failed} failed</Text>
          </Text>
        ) : (
          <Text as="p" tone="subdued">Not connected yet. Connect it to send your store&apos;s data to {vendor.name}.</Text>
        )}
        {vendor.lastError && (
          <Banner tone={vendor.state === "needs_attention" ? "critical" : "warning"}>
            <Text as="p">{vendor.lastError.text}</Text>
            <Text as="p" tone="subdued">Last seen <Timestamp at={vendor.lastError.at} /></Text>
          </Banner>
        )}
        {vendor.accuracy && <AccuracyLine vendorId={vendor.id} vendorName={vendor.name} accuracy={vendor.accuracy} since={since} />}
        <InlineStack gap="200">
          <Button url={`/app/vendors/${vendor.id}`} variant={connected ? undefined : "primary"} accessibilityLabel={`${connected ? "Settings" : "Connect"} ${vendor.name}`}>
            {connected ? "Settings" : `Connect ${vendor.name}`}
          </Button>
          {connected && <Button url={`/app/activity?vendor=${vendor.id}`} variant="plain">View activity</Button>}
        </InlineStack>
      </BlockStack>
    </Card>
  );
}
