// A batch of canonical items → pushes of at most 100 records → one outcome per item.
// One item can be several records (a product and its variants), so the engine's 100 items may
// need several pushes; they go out one after another, paced by the client to 4 a second.
import { noteAttempted, RateLimitedError, RejectedRecordError, RetryableError } from "../errors";
import type { DeliveryItem, ItemOutcome, VendorContext } from "../types";
import { MAX_RECORD_BYTES, MAX_RECORDS_PER_PUSH, push } from "./client";
import { deactivated, toContact, toOrder, toProductRecords, type PushRecord } from "./mapping";
import { itemOutcome, settle, type RecordResult } from "./outcomes";
import type { OmetriaSettings } from "./settings";

type Ctx = VendorContext<OmetriaSettings>;

/** Per product: the variant ids last delivered, to deactivate variants that disappear. */
const VARIANTS_SCOPE = "ometria.product-variants";

async function sentVariants(ctx: Ctx, productId: string): Promise<string[] | null> {
  const memo = (await ctx.state.get(VARIANTS_SCOPE, productId))?.memo;
  if (!memo) return null;
  try {
    return JSON.parse(memo) as string[];
  } catch {
    return [];
  }
}

/** The records an item becomes, or its outcome when nothing is to be sent. */
async function plan(ctx: Ctx, item: DeliveryItem): Promise<PushRecord[] | ItemOutcome> {
  const e = item.entity;
  const skip = (reason: string): ItemOutcome => ({ deliveryId: item.deliveryId, status: "skipped", reason });
  if (e.kind === "customer" && e.op === "upsert") return [toContact(e.record)];
  if (e.kind === "order") return [toOrder(e.record)];
  if (e.kind === "product" && e.op === "upsert") return toProductRecords(e.record, (await sentVariants(ctx, e.record.id)) ?? []);
  if (e.kind === "product") {
    // Ometria has no delete: a deleted product is marked inactive, with the variants we sent.
    // A partial record for an id Ometria does not know would be refused for missing fields.
    const variants = await sentVariants(ctx, e.id);
    if (!variants) return skip("this product was never sent to Ometria, so there is nothing to deactivate");
    return [deactivated(e.id), ...variants.map(deactivated)];
  }
  return skip(`Ometria takes no ${e.kind} ${e.op}`);
}

function oversized(item: DeliveryItem, records: PushRecord[]): ItemOutcome | null {
  for (const r of records) {
    const bytes = Buffer.byteLength(JSON.stringify(r));
    if (bytes > MAX_RECORD_BYTES) {
      const reason = `${r["@type"]} ${r.id} is ${Math.ceil(bytes / 1024)} kB; Ometria refuses records over ${MAX_RECORD_BYTES / 1024} kB`;
      return { deliveryId: item.deliveryId, status: "rejected", reason };
    }
  }
  return null;
}

/** Sends the records in pushes of ≤ 100 and returns one result per record. */
async function send(ctx: Ctx, records: PushRecord[]): Promise<RecordResult[]> {
  const results: RecordResult[] = [];
  for (let start = 0; start < records.length; start += MAX_RECORDS_PER_PUSH) {
    const chunk = records.slice(start, start + MAX_RECORDS_PER_PUSH);
    try {
      results.push(...(await settle(ctx, chunk, await push(ctx, chunk))));
    } catch (err) {
      if (err instanceof RejectedRecordError) {
        results.push(...chunk.map((): RecordResult => ({ status: "rejected", reason: err.message, httpStatus: err.httpStatus, response: err.response })));
        continue;
      }
      // Nothing stored yet, or the merchant must act (AuthError): the whole call failed.
      if (start === 0 || !(err instanceof RetryableError)) throw err;
      // Earlier pushes were stored: keep their outcomes and let the engine resend the rest.
      const retryAfterMs = err instanceof RateLimitedError ? err.retryAfterMs : undefined;
      const left = records.length - start;
      results.push(...Array.from({ length: left }, (): RecordResult => ({ status: "retry", error: err.message, retryAfterMs, unsent: true })));
      break;
    }
  }
  return results;
}

async function remember(ctx: Ctx, item: DeliveryItem): Promise<void> {
  const e = item.entity;
  if (e.kind !== "product") return;
  if (e.op === "upsert") {
    await ctx.state.set(VARIANTS_SCOPE, e.record.id, { updatedAt: e.record.updatedAt, memo: JSON.stringify(e.record.variants.map((v) => v.id)) });
  } else {
    await ctx.state.set(VARIANTS_SCOPE, e.id, { updatedAt: ctx.now(), memo: null });
  }
}

export async function deliver(ctx: Ctx, items: DeliveryItem[]): Promise<ItemOutcome[]> {
  const outcomes: (ItemOutcome | null)[] = [];
  const planned: { index: number; records: PushRecord[] }[] = [];
  for (const [index, item] of items.entries()) {
    const p = await plan(ctx, item);
    const local = Array.isArray(p) ? oversized(item, p) : p;
    outcomes.push(local);
    if (!local && Array.isArray(p)) planned.push({ index, records: p });
  }

  const results = await send(ctx, planned.flatMap((p) => p.records)).catch((err: unknown) => {
    throw noteAttempted(err, planned.map((p) => [items[p.index].deliveryId, p.records] as const));
  });
  let offset = 0;
  for (const { index, records } of planned) {
    const outcome = itemOutcome(items[index], records, results.slice(offset, offset + records.length));
    offset += records.length;
    if (outcome.status === "delivered") await remember(ctx, items[index]);
    outcomes[index] = outcome;
  }
  return outcomes as ItemOutcome[];
}
