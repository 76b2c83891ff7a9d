// Web Pixel events → Tracify pageview / productview / addtocart. The identity hashes come from
// the same identityData() as the order's purchase, so the visitor's IP, user agent and the
// email seen at checkout join the purchase the order webhook sends.
import type { ShopInfo, StorefrontEvent } from "../../domain/types";
import { baseEvent, type TracifyEvent, type TracifyEventType } from "./mapping";

const TYPE: Record<string, TracifyEventType> = {
  page_viewed: "pageview",
  product_viewed: "productview",
  product_added_to_cart: "addtocart",
};

/** The pixel topics Tracify takes; `checkout_completed` is not one: purchases come from orders. */
export const isTracifyStorefrontTopic = (topic: string) => topic.startsWith("pixel/") && Object.hasOwn(TYPE, topic.slice("pixel/".length));

export function storefrontEvent(e: StorefrontEvent, shop: ShopInfo, customerSiteId: string): TracifyEvent | { skip: string } {
  const type = TYPE[e.name];
  if (!type) return { skip: `Tracify takes no ${e.name} event` };
  if (!e.ip || !e.userAgent) return { skip: "the request carried no IP address or user agent, which Tracify requires" };
  // Every URL parameter of the visit's first page (utm_*, trc_*…), as the order's landing_site gives them.
  const event = baseEvent(shop, customerSiteId, type, {
    occurredAt: e.occurredAt,
    page: e.session?.landingUrl ?? e.url,
    referrer: e.referrer,
    email: e.email,
    ip: e.ip,
    userAgent: e.userAgent,
  });
  const page = new URL(e.url);
  event.url = `${new URL(event.data.origin).origin}${page.pathname}`;
  return event;
}
