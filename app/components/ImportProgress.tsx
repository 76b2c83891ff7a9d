// One import as the Import page shows it: a bar per vendor and resource with counts, rate and ETA,
// what a vendor does not get and why, and the records refused with their reasons.
import { Badge, BlockStack, Card, DataTable, InlineStack, ProgressBar, Text } from "@shopify/polaris";
import type { RunView } from "../import/status.server";

const NAMES: Record<string, string> = { metrilo: "Metrilo", ometria: "Ometria", tracktor: "Tracktor.io", tracify: "Tracify" };
const TONE: Record<string, "info" | "success" | "attention" | "critical" | undefined> = {
  running: "info", queued: "info", done: "success", paused: "attention", failed: "critical", cancelled: undefined,
};

function eta(s: number | null): string {
  if (s === null) return "estimating…";
  if (s === 0) return "done";
  return s < 90 ? `about ${s} s left` : `about ${Math.round(s / 60)} min left`;
}

export const RunBadge = ({ status }: { status: string }) => <Badge tone={TONE[status]}>{status[0].toUpperCase() + status.slice(1)}</Badge>;

export function ImportProgress({ run }: { run: RunView }) {
  return (
    <BlockStack gap="400">
      {run.vendors.map((v) => (
        <Card key={v.vendor}>
          <BlockStack gap="300">
            <Text as="h3" variant="headingMd">{NAMES[v.vendor] ?? v.vendor}</Text>
            <Text as="p" tone="subdued">{v.note}</Text>
            {v.resources.map((r) => (
              <BlockStack gap="100" key={r.resource}>
                <InlineStack align="space-between">
                  <Text as="span" fontWeight="semibold">{r.resource[0].toUpperCase() + r.resource.slice(1)}</Text>
                  <Text as="span" tone="subdued">
                    {r.notSent ? "not sent" : `${r.done} of ${r.total} · ${r.delivered} delivered · ${r.skipped} skipped · ${r.rejected} refused · ${r.rate.toFixed(1)}/s · ${eta(r.etaSeconds)}`}
                  </Text>
                </InlineStack>
                {r.notSent ? (
                  r.notSent !== v.note && <Text as="p" tone="subdued">{r.notSent}</Text>
                ) : (
                  <div aria-label={`${v.vendor} ${r.resource} progress`} data-done={r.done} data-total={r.total}>
                    <ProgressBar progress={r.total > 0 ? Math.round((100 * r.done) / r.total) : 0} size="small" tone={r.rejected > 0 ? "critical" : "primary"} />
                  </div>
                )}
              </BlockStack>
            ))}
          </BlockStack>
        </Card>
      ))}
      {run.refused.length > 0 && (
        <Card>
          <BlockStack gap="200">
            <Text as="h3" variant="headingMd">Records refused, and why</Text>
            <DataTable
              columnContentTypes={["text", "text", "text", "text"]}
              headings={["Vendor", "Record", "Id", "Reason"]}
              rows={run.refused.map((f) => [NAMES[f.vendor] ?? f.vendor, f.resource, f.id, f.reason])}
            />
          </BlockStack>
        </Card>
      )}
    </BlockStack>
  );
}
