// The facts of one delivery, and why it failed in plain words when it did.
import { Banner, BlockStack, Card, InlineGrid, Text } from "@shopify/polaris";
import { KIND_LABEL } from "../admin/status";
import { DeliveryBadge } from "./StatusBadge";
import { Timestamp } from "./Timestamp";

export interface DeliveryFacts {
  vendorName: string;
  topic: string;
  kind: string;
  op: string;
  entityId: string;
  status: string;
  attempts: number;
  createdAt: Date;
  deliveredAt: Date | null;
  nextAttemptAt: Date;
  lastError: string | null;
  problem: string | null;
}

function Fact({ label, children }: { label: string; children: React.ReactNode }) {
  return (
    <BlockStack gap="050">
      <Text as="span" tone="subdued" variant="bodySm">{label}</Text>
      <Text as="span">{children}</Text>
    </BlockStack>
  );
}

export function DeliverySummary({ d }: { d: DeliveryFacts }) {
  const waiting = d.status === "retrying" || d.status === "pending" || d.status === "paused";
  return (
    <BlockStack gap="400">
      {d.problem && (
        <Banner tone={d.status === "skipped" ? "info" : waiting ? "warning" : "critical"} title={waiting ? "Why it is waiting" : "What went wrong"}>
          <BlockStack gap="100">
            <Text as="p">{d.problem}</Text>
            {d.lastError && <Text as="p" tone="subdued" variant="bodySm">Technical detail: {d.lastError}</Text>}
          </BlockStack>
        </Banner>
      )}
      <Card>
        <InlineGrid columns={{ xs: 2, md: 4 }} gap="400">
          <Fact label="Status"><DeliveryBadge status={d.status} /></Fact>
          <Fact label="Vendor">{d.vendorName}</Fact>
          <Fact label="Record">{KIND_LABEL[d.kind] ?? d.kind} {d.entityId}{d.op === "delete" ? " (deleted)" : ""}</Fact>
          <Fact label="Shopify topic">{d.topic}</Fact>
          <Fact label="Received"><Timestamp at={d.createdAt} /></Fact>
          <Fact label="Delivered"><Timestamp at={d.deliveredAt} /></Fact>
          <Fact label="Attempts">{d.attempts}</Fact>
          {waiting && (
            <Fact label="Next attempt">
              {d.status === "paused" ? `once ${d.vendorName} works again` : <Timestamp at={d.nextAttemptAt} />}
            </Fact>
          )}
        </InlineGrid>
      </Card>
    </BlockStack>
  );
}
