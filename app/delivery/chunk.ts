// Splits a send list into vendor calls within the vendor's record and byte limits, keeping order.
import type { DeliveryItem, VendorLimits } from "../vendors/types";

// Canonical JSON is a fair proxy for the vendor body; keep headroom for envelopes and signing.
const HEADROOM = 0.8;

export function chunkItems<T extends DeliveryItem>(items: T[], limits: VendorLimits): T[][] {
  const chunks: T[][] = [];
  const maxBytes = limits.maxBytesPerCall ? limits.maxBytesPerCall * HEADROOM : Infinity;
  let current: T[] = [];
  let bytes = 0;
  for (const item of items) {
    // Measured only against a byte limit: serialising every record to count it was 1 % of a worker.
    const size = maxBytes === Infinity ? 0 : Buffer.byteLength(JSON.stringify(item.entity));
    if (current.length && (current.length >= limits.maxRecordsPerCall || bytes + size > maxBytes)) {
      chunks.push(current);
      current = [];
      bytes = 0;
    }
    current.push(item);
    bytes += size;
  }
  if (current.length) chunks.push(current);
  return chunks;
}
