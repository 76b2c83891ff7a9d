import { RateLimitedError, RejectedRecordError, RetryableError, VendorError } from "../errors";
import type { DeliveryItem, ItemOutcome, VendorConnector, VendorContext } from "../types";
import { callBody, sendFor } from "./client";
import { customerProperties } from "./mapping";
import { deliverOrder } from "./orders";
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

export const tracktor: VendorConnector<TracktorSettings> = {
  id: "tracktor",
  name: "Tracktor.io",
  docsUrl: "https://docs.tracktor.io",
  settings: tracktorSettings,
  baseUrls: { live: "https://api.tracktor.io" },
  baseUrlEnv: "TRACKTOR_API_URL",
  sendOptions: ["customers", "orders", "storefront", "serverEvents"],
  // The API has no batch: one GET per record (two for a new cancelled order). Five records a call,
  // one call a second, stays within 10 requests/s per token (our simulator's limit; Tracktor.io
  // documents none) even when every order needs two events.
  limits: { maxRecordsPerCall: 5, callsPerSecond: 1 },
  accepts: (kind, op) => (kind === "customer" || kind === "order" || kind === "storefront_event") && op === "upsert",

  async deliver(ctx, items) {
    const outcomes: ItemOutcome[] = [];
    for (const [i, item] of items.entries()) {
      try {
        outcomes.push(await deliverOne(ctx, item));
      } catch (caught) {
        // Our own failures (e.g. the state store) must not cross the boundary as bare Errors.
        const err = caught instanceof VendorError ? caught : new RetryableError(`Tracktor.io delivery failed: ${String(caught)}`);
        if (err instanceof RejectedRecordError) {
          const sent = err.attempted?.get(item.deliveryId);
          outcomes.push({ deliveryId: item.deliveryId, status: "rejected", reason: err.message, sent, httpStatus: err.httpStatus, response: err.response });
          continue;
        }
        // Records already sent keep their outcome; the rest wait for the retry. An AuthError, or a
        // failure on the first record, fails the whole call (re-sending is safe: /set is an upsert
        // and order events are remembered).
        if (!(err instanceof RetryableError) || i === 0) throw err;
        const retryAfterMs = err instanceof RateLimitedError ? err.retryAfterMs : undefined;
        for (const rest of items.slice(i)) {
          const sent = err.attempted?.get(rest.deliveryId);
          outcomes.push({ deliveryId: rest.deliveryId, status: "retry", error: err.message, retryAfterMs, sent, httpStatus: err.httpStatus, response: err.response });
        }
        break;
      }
    }
    return outcomes;
  },

  verify: verifyTracktor,
  publicSettings: (settings) => ({ token: settings.token }),
};
