// Purchases (and storefront events) in one batched call. Tracify ignores a re-sent order id, so a purchase goes once per
// order: remembered in ctx.state after the vendor accepted it.
import { noteAttempted, RejectedRecordError } from "../errors";
import type { DeliveryItem, ItemOutcome, VendorContext } from "../types";
import { postEvents, rejectedEvent, siteIdError } from "./client";
import { purchaseEvent, type TracifyEvent } from "./mapping";
import { storefrontEvent } from "./storefront";
import type { TracifySettings } from "./settings";

export const PURCHASE_SCOPE = "tracify.purchase";

export async function deliverPurchases(ctx: VendorContext<TracifySettings>, items: DeliveryItem[]): Promise<ItemOutcome[]> {
  const outcomes = new Map<string, ItemOutcome>();
  let pending: { deliveryId: string; orderId: string | null; event: TracifyEvent }[] = [];
  // Which of these orders were already purchased: one read for the call, not one per order.
  const sent = await ctx.state.getMany(PURCHASE_SCOPE, items.flatMap(({ entity }) => (entity.kind === "order" ? [entity.record.id] : [])));

  for (const { deliveryId, entity } of items) {
    if (entity.kind === "storefront_event") {
      // Pageviews, product views and adds to cart travel in the same batched calls as purchases.
      const event = storefrontEvent(entity.record, ctx.shop, ctx.settings.customerSiteId);
      if ("skip" in event) outcomes.set(deliveryId, { deliveryId, status: "skipped", reason: event.skip });
      else pending.push({ deliveryId, orderId: null, event });
    } else if (entity.kind !== "order" || entity.op !== "upsert") {
      outcomes.set(deliveryId, { deliveryId, status: "skipped", reason: `Tracify does not take ${entity.kind} ${entity.op}` });
    } else if (sent.has(entity.record.id)) {
      outcomes.set(deliveryId, { deliveryId, status: "skipped", reason: "purchase already sent" });
    } else {
      const event = purchaseEvent(entity.record, ctx.shop, ctx.settings.customerSiteId);
      if ("skip" in event) outcomes.set(deliveryId, { deliveryId, status: "skipped", reason: event.skip });
      else pending.push({ deliveryId, orderId: entity.record.id, event });
    }
  }

  // Tracify refuses the whole batch for one bad event and names it: reject that one, resend the rest.
  while (pending.length > 0) {
    try {
      const httpStatus = await postEvents(ctx, pending.map((p) => p.event));
      for (const p of pending) {
        if (p.orderId) await ctx.state.set(PURCHASE_SCOPE, p.orderId, { updatedAt: ctx.now() });
        outcomes.set(p.deliveryId, { deliveryId: p.deliveryId, status: "delivered", sent: p.event, httpStatus });
      }
      break;
    } catch (err) {
      const attempted = pending.map((p) => [p.deliveryId, p.event] as const);
      if (!(err instanceof RejectedRecordError)) throw noteAttempted(err, attempted);
      const bad = rejectedEvent(err);
      if (bad?.field === "customer_site_id") throw noteAttempted(siteIdError(err), attempted);
      const refused = bad && pending[bad.index] ? [pending[bad.index]] : pending;
      for (const p of refused) {
        const reason = bad ? `Tracify refused the ${p.event.type}: ${bad.error}` : err.message;
        outcomes.set(p.deliveryId, { deliveryId: p.deliveryId, status: "rejected", reason, sent: p.event, httpStatus: err.httpStatus, response: err.response });
      }
      pending = pending.filter((p) => !refused.includes(p));
    }
  }
  return items.map((i) => outcomes.get(i.deliveryId)!);
}
