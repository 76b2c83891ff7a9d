// Orders become events, and events cannot be taken back: remember per order which ones were sent
// so an order update sends only what is new (purchase once, cancellation once).
import type { Order } from "../../domain/types";
import type { ItemOutcome, VendorContext } from "../types";
import { callBody, sendFor } from "./client";
import { CANCELLED, PURCHASE, cancellationData, orderCart, orderIdentity } from "./mapping";
import type { TracktorSettings } from "./settings";
import { aliasAfterOrder, CHECKOUT_SCOPE } from "./storefront";

export const ORDER_SCOPE = "tracktor.order";

/** Reads what Tracktor.io was sent about these orders in one query per scope (the store keeps it for the call). */
export async function readOrderMemory(ctx: VendorContext<TracktorSettings>, orders: Order[]): Promise<void> {
  const ids = orders.map((o) => o.id);
  await ctx.state.getMany(ORDER_SCOPE, ids);
  await ctx.state.getMany(CHECKOUT_SCOPE, ids);
}

export async function deliverOrder(
  ctx: VendorContext<TracktorSettings>,
  deliveryId: string,
  order: Order,
): Promise<ItemOutcome> {
  const id = orderIdentity(order);
  if (!id) return { deliveryId, status: "skipped", reason: "order has neither a customer nor an email, so no Tracktor.io person to attach it to" };

  const entry = await ctx.state.get(ORDER_SCOPE, order.id);
  const sent = new Set(entry?.memo ? entry.memo.split(",") : []);
  const due: { action: string; data: Record<string, unknown> }[] = [];
  if (!sent.has(PURCHASE)) due.push({ action: PURCHASE, data: orderCart(order) });
  if (order.cancelledAt && !sent.has(CANCELLED)) due.push({ action: CANCELLED, data: cancellationData(order) });
  if (due.length === 0) {
    // An update can be what first tells us the order's person (and so the alias a checkout waits for).
    const aliased = await aliasAfterOrder(ctx, deliveryId, order);
    if (aliased.length > 0) return { deliveryId, status: "delivered", sent: aliased };
    const what = sent.has(CANCELLED) ? "purchase and cancellation already sent" : "purchase already sent";
    return { deliveryId, status: "skipped", reason: `${what}; nothing new for Tracktor.io in this update` };
  }

  let httpStatus = 0;
  for (const event of due) {
    httpStatus = await sendFor(ctx, deliveryId, { method: "track", id, ...event });
    // Recorded after each call: if the cancellation fails, the retry must not repeat the purchase.
    sent.add(event.action);
    await ctx.state.set(ORDER_SCOPE, order.id, { updatedAt: order.updatedAt, memo: [...sent].join(",") });
  }
  const aliased = await aliasAfterOrder(ctx, deliveryId, order);
  return { deliveryId, status: "delivered", sent: [...due.map((e) => callBody({ method: "track", id, ...e })), ...aliased], httpStatus };
}
