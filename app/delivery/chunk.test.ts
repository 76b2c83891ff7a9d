import { describe, expect, it } from "vitest";
import type { DeliveryItem } from "../vendors/types";
import { chunkItems } from "./chunk";

const item = (n: number, note = ""): DeliveryItem =>
  ({ deliveryId: `d${n}`, topic: "customers/update", entity: { kind: "customer", op: "upsert", record: { id: String(n), note } } }) as unknown as DeliveryItem;

describe("chunkItems", () => {
  it("splits at the record limit and keeps the order", () => {
    const chunks = chunkItems([1, 2, 3, 4, 5].map((n) => item(n)), { maxRecordsPerCall: 2 });
    expect(chunks.map((c) => c.map((i) => i.deliveryId))).toEqual([["d1", "d2"], ["d3", "d4"], ["d5"]]);
  });

  it("splits before a call would pass 80 % of the byte limit", () => {
    const big = "x".repeat(300);
    const chunks = chunkItems([1, 2, 3].map((n) => item(n, big)), { maxRecordsPerCall: 100, maxBytesPerCall: 1000 });
    expect(chunks.map((c) => c.length)).toEqual([2, 1]);
  });

  it("sends a record larger than the limit alone rather than dropping it", () => {
    const chunks = chunkItems([item(1, "x".repeat(2000)), item(2)], { maxRecordsPerCall: 100, maxBytesPerCall: 1000 });
    expect(chunks.map((c) => c.length)).toEqual([1, 1]);
  });
});
