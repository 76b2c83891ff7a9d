// The outbox rows of one Activity page: newest first, failed ones with the reason and a Retry.
import { BlockStack, Box, Card, DataTable, InlineStack, Link, Pagination, Text } from "@shopify/polaris";
import { KIND_LABEL } from "../admin/status";
import { RetryButton } from "./RetryButton";
import { DeliveryBadge } from "./StatusBadge";
import { Timestamp } from "./Timestamp";
import { Wrap } from "./Wrap";

export interface ActivityRow {
  id: string;
  createdAt: Date;
  vendorName: string;
  topic: string;
  kind: string;
  entityId: string;
  status: string;
  attempts: number;
  problem: string | null;
  retryable: boolean;
}

interface Props {
  rows: ActivityRow[];
  page: number;
  hasNext: boolean;
  pageUrl: (page: number) => string;
}

export function ActivityTable({ rows, page, hasNext, pageUrl }: Props) {
  return (
    <Card padding="0">
      <DataTable
        columnContentTypes={["text", "text", "text", "text", "text", "text"]}
        headings={["Received", "Vendor", "What", "Status", "Why", ""]}
        rows={rows.map((r) => [
          <Link key="at" url={`/app/activity/${r.id}`}><Timestamp at={r.createdAt} /></Link>,
          r.vendorName,
          <BlockStack key="what" gap="050">
            <Text as="span">{KIND_LABEL[r.kind] ?? r.kind} {r.entityId}</Text>
            <Text as="span" tone="subdued" variant="bodySm">{r.topic}</Text>
          </BlockStack>,
          <DeliveryBadge key="status" status={r.status} />,
          <Wrap key="why"><Text as="span" variant="bodySm">{r.problem ?? ""}</Text></Wrap>,
          r.retryable ? <RetryButton key="retry" id={r.id} /> : "",
        ])}
        verticalAlign="middle"
      />
      {(page > 1 || hasNext) && (
        <Box padding="300">
          <InlineStack align="center">
            <Pagination hasPrevious={page > 1} previousURL={pageUrl(page - 1)} hasNext={hasNext} nextURL={pageUrl(page + 1)} label={`Page ${page}`} />
          </InlineStack>
        </Box>
      )}
    </Card>
  );
}
