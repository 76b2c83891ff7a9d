// Web Pixel events → Tracktor.io. A visitor is an anonymous person ("a-<Shopify client id>")
// until checkout: then /alias merges them into the customer the order belongs to. Aliasing cannot
// be undone, so it needs a verified identity: the order webhook (HMAC-checked by Shopify's
// library) must name the same order and the same email as the pixel's checkout_completed. Whichever
// of the two arrives second sends the alias.
import type { Order, StorefrontEvent } from "../../domain/types";
import { noteAttempted } from "../errors";
import { throwForStatus, vendorFetch } from "../http";
import type { ItemOutcome, VendorContext } from "../types";
import { callBody, sendFor, VENDOR } from "./client";
import { orderIdentity } from "./mapping";
import type { TracktorSettings } from "./settings";
import { signIdentity } from "./sign";

type Ctx = VendorContext<TracktorSettings>;

export const CHECKOUT_SCOPE = "tracktor.checkout";
export const ORDER_PERSON_SCOPE = "tracktor.order-person";
export const ALIAS_SCOPE = "tracktor.alias";

export const anonymousId = (clientId: string) => `a-${clientId}`;
const sameEmail = (a: string | null | undefined, b: string | null | undefined) => !!a && !!b && a.trim().toLowerCase() === b.trim().toLowerCase();

/** Everything the event carries but personal data: the email stays with the order's person. */
function trackData(e: StorefrontEvent): Record<string, unknown> {
  return { url: e.url, ...(e.referrer ? { referrer: e.referrer } : {}), ...e.data, occurred_at: e.occurredAt.toISOString() };
}

export function aliasUrl(ctx: Ctx, srcid: string, destid: string): string {
  const params: [string, string][] = [
    ["sid", ctx.settings.token],
    ["ts", String(Math.floor(ctx.now().getTime() / 1000))],
    ["srcid", srcid],
    ["destid", destid],
  ];
  if (ctx.settings.signatureSecret) params.push(["destsign", signIdentity(ctx.settings.signatureSecret, destid)]);
  return `${ctx.baseUrl.replace(/\/+$/, "")}/alias?${params.map(([k, v]) => `${k}=${encodeURIComponent(v)}`).join("&")}`;
}

/** Sends /alias once per visitor; null when it was sent before. */
async function alias(ctx: Ctx, deliveryId: string, srcid: string, destid: string): Promise<{ path: string; srcid: string; destid: string } | null> {
  const sent = { path: "/alias", srcid, destid };
  if ((await ctx.state.get(ALIAS_SCOPE, srcid))?.memo) return null;
  try {
    throwForStatus(VENDOR, await vendorFetch(aliasUrl(ctx, srcid, destid)));
  } catch (err) {
    throw noteAttempted(err, [[deliveryId, sent]]);
  }
  await ctx.state.set(ALIAS_SCOPE, srcid, { updatedAt: ctx.now(), memo: destid });
  return sent;
}

export async function deliverStorefront(ctx: Ctx, deliveryId: string, e: StorefrontEvent): Promise<ItemOutcome> {
  const anon = anonymousId(e.clientId);
  if (e.name !== "checkout_completed") {
    const call = { method: "track" as const, id: anon, action: e.name, data: trackData(e) };
    const httpStatus = await sendFor(ctx, deliveryId, call);
    return { deliveryId, status: "delivered", sent: callBody(call), httpStatus };
  }
  // The purchase itself is the order webhook's to send; the checkout only links the visitor.
  const orderId = typeof e.data.orderId === "string" ? e.data.orderId : null;
  if (!orderId || !e.email) return { deliveryId, status: "skipped", reason: "checkout_completed without order id and email: nothing verified to alias the visitor to" };
  await ctx.state.set(CHECKOUT_SCOPE, orderId, { updatedAt: e.occurredAt, memo: JSON.stringify({ anon, email: e.email }) });
  const person = await ctx.state.get(ORDER_PERSON_SCOPE, orderId);
  const known = person?.memo ? (JSON.parse(person.memo) as { id: string; email: string | null }) : null;
  if (!known) return { deliveryId, status: "skipped", reason: `visitor remembered for order ${orderId}: aliased once its order webhook arrives` };
  if (!sameEmail(known.email, e.email)) return { deliveryId, status: "skipped", reason: `the checkout's email differs from order ${orderId}'s: not aliased` };
  const sent = await alias(ctx, deliveryId, anon, known.id);
  return sent ? { deliveryId, status: "delivered", sent } : { deliveryId, status: "skipped", reason: "visitor already aliased" };
}

/** After an order's events went out: remember its person, and alias a visitor who checked out. */
export async function aliasAfterOrder(ctx: Ctx, deliveryId: string, order: Order): Promise<unknown[]> {
  const id = orderIdentity(order);
  if (!id) return [];
  const email = order.email ?? order.customer?.email ?? null;
  await ctx.state.set(ORDER_PERSON_SCOPE, order.id, { updatedAt: order.updatedAt, memo: JSON.stringify({ id, email }) });
  const checkout = await ctx.state.get(CHECKOUT_SCOPE, order.id);
  const visitor = checkout?.memo ? (JSON.parse(checkout.memo) as { anon: string; email: string }) : null;
  if (!visitor || !sameEmail(visitor.email, email)) return [];
  const sent = await alias(ctx, deliveryId, visitor.anon, id);
  return sent ? [sent] : [];
}
