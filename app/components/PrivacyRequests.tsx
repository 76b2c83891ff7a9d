// The GDPR requests Shopify forwarded, their state, and what Conduit held or erased.
import { BlockStack, Box, Card, DataTable, Text } from "@shopify/polaris";
import { Timestamp } from "./Timestamp";
import { Wrap } from "./Wrap";

export interface PrivacyRow {
  id: string;
  topic: string;
  customerId: string | null;
  email: string | null;
  status: string;
  receivedAt: Date;
  completedAt: Date | null;
  summary: string | null;
}

const TOPIC_LABEL: Record<string, string> = {
  "customers/data_request": "Data request",
  "customers/redact": "Customer erasure",
  "shop/redact": "Store erasure",
};

export function PrivacyRequests({ rows }: { rows: PrivacyRow[] }) {
  return (
    <Card padding="0">
      <BlockStack gap="200">
        <Box paddingBlockStart="400" paddingInline="400">
          <Text as="h2" variant="headingMd">Data requests and erasures</Text>
        </Box>
        {rows.length === 0 ? (
          <Box paddingBlockEnd="400" paddingInline="400">
            <Text as="p" tone="subdued">
              None received. When a customer asks your store for their data or to be forgotten, Shopify tells Conduit; the
              request appears here with what Conduit holds on them, so you can answer the customer.
            </Text>
          </Box>
        ) : (
          <DataTable
            columnContentTypes={["text", "text", "text", "text", "text"]}
            headings={["Received", "Request", "Customer", "State", "What Conduit holds"]}
            rows={rows.map((r) => [
              <Timestamp key="at" at={r.receivedAt} />,
              TOPIC_LABEL[r.topic] ?? r.topic,
              [r.customerId && `ID ${r.customerId}`, r.email].filter(Boolean).join(" · ") || "—",
              r.status === "completed" ? <Text key="state" as="span">Completed <Timestamp at={r.completedAt} /></Text> : "Received, in progress",
              <Wrap key="sum" minWidth={180}><Text as="span" variant="bodySm">{r.summary ?? "—"}</Text></Wrap>,
            ])}
          />
        )}
      </BlockStack>
    </Card>
  );
}
