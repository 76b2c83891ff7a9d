// Web Pixel events → Ometria's headless tracking API (POST {headlessUrl}/api/track, HTTP Basic
// key:secret): basket add/remove and views. user.uid is Shopify's client id (random, no personal
// data) and user.sid the pixel's per-visit id, both stable for the visitor and the visit.
// Orders are not sent here: the push API gets them from the order webhook, once.
import type { StorefrontEvent } from "../../domain/types";
import { noteAttempted, RateLimitedError, RejectedRecordError, RetryableError, VendorError } from "../errors";
import { throwForStatus, vendorFetch } from "../http";
import type { DeliveryItem, ItemOutcome, VendorContext } from "../types";
import type { OmetriaSettings } from "./settings";

type Ctx = VendorContext<OmetriaSettings>;

/** Environment override of every shop's headless URL (tests, proxies), like OMETRIA_API_URL. */
export const HEADLESS_URL_ENV = "OMETRIA_HEADLESS_API_URL";

export interface HeadlessTrack {
  scope: "view" | "basket";
  action: string;
  data: Record<string, unknown>;
  user: { uid: string; sid: string };
  context: Record<string, string>;
}

const str = (v: unknown) => (typeof v === "string" ? v : undefined);

/** Pixel event name → scope/action and what its data needs. */
function action(e: StorefrontEvent): Pick<HeadlessTrack, "scope" | "action" | "data"> | null {
  const d = e.data;
  switch (e.name) {
    case "product_added_to_cart":
    case "product_removed_from_cart":
      return { scope: "basket", action: e.name === "product_added_to_cart" ? "add" : "remove", data: { product_id: d.productId, quantity: d.quantity } };
    case "product_viewed":
      return { scope: "view", action: "product", data: { product_id: d.productId } };
    case "collection_viewed":
      return { scope: "view", action: "listing", data: { category_id: d.collectionId } };
    case "search_submitted":
      return { scope: "view", action: "search", data: { search: d.query } };
    case "cart_viewed":
      return { scope: "view", action: "basket", data: {} };
    default:
      return null;
  }
}

export const HEADLESS_EVENTS = ["product_added_to_cart", "product_removed_from_cart", "product_viewed", "collection_viewed", "search_submitted", "cart_viewed"];

export function toTrack(e: StorefrontEvent): HeadlessTrack | null {
  const a = action(e);
  if (!a) return null;
  // No user_agent in the context: a visitor's raw IP and user agent never leave our server.
  const context: Record<string, string> = { page_url: e.url };
  const product = str(e.data.productId);
  if (product) context.product = product;
  const category = str(e.data.collectionId);
  if (category) context.category = category;
  const currency = str(e.data.currency);
  if (currency) context.currency = currency;
  return { ...a, user: { uid: e.clientId, sid: e.session?.id ?? e.clientId }, context };
}

function endpoint(ctx: Ctx): string | null {
  const base = process.env[HEADLESS_URL_ENV] || ctx.settings.headlessUrl;
  return base ? `${base.replace(/\/+$/, "")}/api/track` : null;
}

async function send(ctx: Ctx, url: string, body: HeadlessTrack): Promise<number> {
  const auth = Buffer.from(`${ctx.settings.headlessKey ?? ""}:${ctx.settings.headlessSecret ?? ""}`).toString("base64");
  const res = await vendorFetch(url, { method: "POST", headers: { "content-type": "application/json", authorization: `Basic ${auth}` }, body: JSON.stringify(body) });
  throwForStatus("Ometria headless API", res);
  return res.status;
}

/** One call per event (the API takes no batch); a refused event is rejected, the rest go on. */
export async function deliverHeadless(ctx: Ctx, items: DeliveryItem[]): Promise<ItemOutcome[]> {
  const url = endpoint(ctx);
  const outcomes: ItemOutcome[] = [];
  for (const [i, { deliveryId, entity }] of items.entries()) {
    if (entity.kind !== "storefront_event") continue;
    const track = toTrack(entity.record);
    if (!url || !track) {
      outcomes.push({ deliveryId, status: "skipped", reason: url ? `Ometria's headless API takes no ${entity.record.name}` : "no headless tracking URL is configured" });
      continue;
    }
    try {
      outcomes.push({ deliveryId, status: "delivered", sent: track, httpStatus: await send(ctx, url, track) });
    } catch (caught) {
      const err = caught instanceof VendorError ? caught : new RetryableError(`Ometria headless call failed: ${String(caught)}`);
      if (err instanceof RejectedRecordError) {
        outcomes.push({ deliveryId, status: "rejected", reason: err.message, sent: track, httpStatus: err.httpStatus, response: err.response });
        continue;
      }
      if (!(err instanceof RetryableError) || i === 0) throw noteAttempted(err, [[deliveryId, track]]);
      const retryAfterMs = err instanceof RateLimitedError ? err.retryAfterMs : undefined;
      for (const rest of items.slice(i)) outcomes.push({ deliveryId: rest.deliveryId, status: "retry", error: err.message, retryAfterMs, ...(rest.deliveryId === deliveryId ? { sent: track } : {}) });
      break;
    }
  }
  return outcomes;
}
