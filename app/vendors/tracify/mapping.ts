// Canonical records → Tracify server-side events.
import type { Order, OrderLine, ShopInfo } from "../../domain/types";
import { identityData, type IdentityClass } from "./hash";

export type TracifyEventType = "pageview" | "productview" | "addtocart" | "purchase" | "conversion";

export interface TracifyEvent {
  url: string;
  customer_site_id: string;
  identity_data: Record<string, IdentityClass>;
  /** "YYYY-MM-DD HH:MM:SS" in UTC. */
  datetime: string;
  type: TracifyEventType;
  data: Record<string, string>;
}

/** The storefront's origin: the primary domain when known, else the myshopify domain. */
export function shopOrigin(shop: ShopInfo): string {
  return shop.primaryDomain ? new URL(shop.primaryDomain).origin : `https://${shop.domain}`;
}

export const tracifyDatetime = (d: Date) => d.toISOString().slice(0, 19).replace("T", " ");

/** Exactly two decimals; the epsilon keeps 1.005 from rounding down through binary floating point. */
export const money = (n: number) => (Math.round((n + Number.EPSILON) * 100) / 100).toFixed(2);

interface Visit {
  occurredAt: Date;
  /** Path (and query) or absolute URL of the page, e.g. Shopify's landing_site. */
  page: string | null;
  referrer: string | null;
  email: string | null;
  ip: string;
  userAgent: string;
}

/** What every event type carries, purchases and storefront events alike. */
export function baseEvent(shop: ShopInfo, customerSiteId: string, type: TracifyEventType, visit: Visit): TracifyEvent {
  const origin = shopOrigin(shop);
  const page = new URL(visit.page ?? "/", origin);
  const data: Record<string, string> = Object.fromEntries(page.searchParams); // utm_*, trc_*, …
  data.origin = origin;
  if (visit.referrer) data.Referer = visit.referrer;
  return {
    // On the shop's own origin even if the landing URL named another host; the parameters go in data.
    url: `${origin}${page.pathname}`,
    customer_site_id: customerSiteId,
    identity_data: identityData(visit),
    datetime: tracifyDatetime(visit.occurredAt),
    type,
    data,
  };
}

const lineName = (l: OrderLine) => (l.variantTitle ? `${l.title} - ${l.variantTitle}` : l.title);

export function purchaseEvent(order: Order, shop: ShopInfo, customerSiteId: string): TracifyEvent | { skip: string } {
  if (!order.browserIp || !order.userAgent) {
    return { skip: "order has no browser IP or user agent (e.g. a POS or draft order), which Tracify needs to attribute it" };
  }
  const event = baseEvent(shop, customerSiteId, "purchase", {
    occurredAt: order.createdAt,
    page: order.landingSite,
    referrer: order.referringSite,
    email: order.email ?? order.customer?.email ?? null,
    ip: order.browserIp,
    userAgent: order.userAgent,
  });
  Object.assign(event.data, { order_id: order.id, currency: order.currency, amount: money(order.totalPrice) });
  order.lines.forEach((line, i) => {
    event.data[`ITEM${i + 1}`] = lineName(line);
    event.data[`AMT${i + 1}`] = money(line.price);
    event.data[`QTY${i + 1}`] = String(line.quantity);
  });
  return event;
}
