import { RateLimitedError, RejectedRecordError, RetryableError, VendorError } from "../errors";
import type { Entity } from "../../domain/types";
import type { DeliveryItem, ItemOutcome, VendorConnector, VendorContext } from "../types";
import { callBody, sendFor } from "./client";
import { customerProperties } from "./mapping";
import { deliverOrder, readOrderMemory } from "./orders";
import { deliverStorefront } from "./storefront";
import { tracktorSettings, type TracktorSettings } from "./settings";
import { verifyTracktor } from "./verify";

async function deliverOne(ctx: VendorContext<TracktorSettings>, item: DeliveryItem): Promise<ItemOutcome> {
  const { entity, deliveryId } = item;
  if (entity.kind === "customer" && entity.op === "upsert") {
    const call = { method: "set" as const, id: entity.record.id, data: customerProperties(entity.record) };
    const httpStatus = await sendFor(ctx, deliveryId, call);
    return { deliveryId, status: "delivered", sent: callBody(call), httpStatus };
  }
  if (entity.kind === "order" && entity.op === "upsert") return deliverOrder(ctx, deliveryId, entity.record);
  if (entity.kind === "storefront_event") return deliverStorefront(ctx, deliveryId, entity.record);
  return { deliveryId, status: "skipped", reason: `Tracktor.io does not take ${entity.kind} ${entity.op}` };
}

/** Records in flight at once within one call. */
const PARALLEL = 8;

function byKind(items: DeliveryItem[]): DeliveryItem[][] {
  const groups: DeliveryItem[][] = [];
  for (const item of items) {
    const last = groups[groups.length - 1];
    if (last && last[0].entity.kind === item.entity.kind) last.push(item);
    else groups.push([item]);
  }
  return groups;
}

/**
 * A call stopped by `failure`: records already answered keep their outcome, the rest wait for the
 * retry (re-sending is safe: /set is an upsert and order events are remembered). An AuthError, or
 * a failure before any record got through, fails the whole call.
 */
function settleFailure(items: DeliveryItem[], outcomes: Map<string, ItemOutcome>, failed: Map<string, VendorError>, failure: VendorError): ItemOutcome[] {
  if (!(failure instanceof RetryableError) || outcomes.size === 0) throw failure;
  const retryAfterMs = failure instanceof RateLimitedError ? failure.retryAfterMs : undefined;
  return items.map((item) => {
    const done = outcomes.get(item.deliveryId);
    if (done) return done;
    const err = failed.get(item.deliveryId) ?? failure;
    const sent = err.attempted?.get(item.deliveryId);
    return { deliveryId: item.deliveryId, status: "retry", error: err.message, retryAfterMs, sent, httpStatus: err.httpStatus, response: err.response };
  });
}

export const tracktor: VendorConnector<TracktorSettings> = {
  id: "tracktor",
  name: "Tracktor.io",
  docsUrl: "https://docs.tracktor.io",
  settings: tracktorSettings,
  baseUrls: { live: "https://api.tracktor.io" },
  baseUrlEnv: "TRACKTOR_API_URL",
  sendOptions: ["customers", "orders", "storefront", "serverEvents"],
  // The API has no batch: one GET per record (two for a new cancelled order). Tracktor.io documents
  // no rate limit, so nothing paces the calls but its 429 answers (RateLimitedError, Retry-After);
  // a call's records go PARALLEL at a time, so a historical import is not one round trip a record.
  limits: { maxRecordsPerCall: 100 },
  accepts: (kind, op) => (kind === "customer" || kind === "order" || kind === "storefront_event") && op === "upsert",

  async deliver(ctx, items) {
    const outcomes = new Map<string, ItemOutcome>();
    let failure: VendorError | undefined;
    // Kinds in the order the engine gave them (people before the orders that name them), records
    // of one kind side by side: each record's own calls stay in order (purchase, then cancellation).
    for (const group of byKind(items)) {
      try {
        if (group[0].entity.kind === "order") await readOrderMemory(ctx, group.map((i) => (i.entity as Extract<Entity, { kind: "order" }>).record));
      } catch (caught) {
        return settleFailure(items, outcomes, new Map(), caught instanceof VendorError ? caught : new RetryableError(`Tracktor.io delivery failed: ${String(caught)}`));
      }
      let next = 0;
      const failed = new Map<string, VendorError>();
      const lane = async () => {
        while (!failure && next < group.length) {
          const item = group[next++];
          try {
            outcomes.set(item.deliveryId, await deliverOne(ctx, item));
          } catch (caught) {
            // Our own failures (e.g. the state store) must not cross the boundary as bare Errors.
            const err = caught instanceof VendorError ? caught : new RetryableError(`Tracktor.io delivery failed: ${String(caught)}`);
            if (err instanceof RejectedRecordError) {
              const sent = err.attempted?.get(item.deliveryId);
              outcomes.set(item.deliveryId, { deliveryId: item.deliveryId, status: "rejected", reason: err.message, sent, httpStatus: err.httpStatus, response: err.response });
            } else {
              failure ??= err;
              failed.set(item.deliveryId, err);
            }
          }
        }
      };
      await Promise.all(Array.from({ length: Math.min(PARALLEL, group.length) }, lane));
      if (failure) return settleFailure(items, outcomes, failed, failure);
    }
    return items.map((i) => outcomes.get(i.deliveryId)!);
  },

  verify: verifyTracktor,
  publicSettings: (settings) => ({ token: settings.token }),
};
