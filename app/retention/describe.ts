// The retention policy in a merchant's words, for the Privacy page.
import type { RetentionConfig } from "./config";

const DAY_MS = 86_400_000;

function span(ms: number): string {
  const days = ms / DAY_MS;
  if (days >= 1) return `${Number(days.toFixed(1))} ${days === 1 ? "day" : "days"}`;
  const hours = ms / 3_600_000;
  if (hours >= 1) return `${Number(hours.toFixed(1))} hours`;
  return `${Math.max(1, Math.round(ms / 1000))} seconds`;
}

export function describeRetention(c: RetentionConfig): string[] {
  return [
    c.keepMs > 0
      ? `Records delivered to your vendors (or skipped), the Shopify webhooks they came from, what was sent and each attempt's log are deleted ${span(c.keepMs)} after they were last touched.`
      : "Records delivered to your vendors, the webhooks they came from and their logs are kept until you delete them (retention is turned off).",
    c.failedKeepMs > 0
      ? `Records a vendor refused, or that failed for good, stay ${span(c.failedKeepMs)} so you can fix and replay them, then are deleted.`
      : "Records a vendor refused, or that failed for good, are kept until replayed or deleted.",
    "Records still waiting to be sent are kept until they are sent. A data request's email is kept to let you answer the customer, until the customer is erased" +
      (c.keepMs > 0 ? ` or for ${span(c.keepMs)}.` : "."),
    "An erasure (customers/redact) removes the customer's data within seconds of Shopify's request, including from records not yet deleted; only the customer ID, dates and counts remain to show it was done.",
  ];
}
