// Canonical records → Ometria push records. Ids are Shopify ids: stable, and free of personal
// data as Ometria requires. Null values are left out, so a merge never blanks a field Ometria has.
import type { Address, Customer, MarketingConsent, Order, OrderLine, Product } from "../../domain/types";

export type RecordType = "contact" | "product" | "order";
export interface PushRecord {
  "@type": RecordType;
  id: string;
  [field: string]: unknown;
}

const money = (n: number) => Math.round(n * 100) / 100;
const iso = (d: Date) => d.toISOString();

/** Drops null/undefined fields (recursively through plain objects). */
function compact<T extends Record<string, unknown>>(obj: T): T {
  const out: Record<string, unknown> = {};
  for (const [k, v] of Object.entries(obj)) {
    if (v === null || v === undefined) continue;
    out[k] = typeof v === "object" && !Array.isArray(v) ? compact(v as Record<string, unknown>) : v;
  }
  return out as T;
}

// "unknown" sends nothing, so we never overwrite a consent Ometria collected itself.
const OPTIN: Record<MarketingConsent, string | null> = {
  subscribed: "EXPLICITLY_OPTEDIN",
  not_subscribed: "NOT_SPECIFIED",
  unsubscribed: "EXPLICITLY_OPTEDOUT",
  unknown: null,
};

export function toContact(c: Customer): PushRecord {
  const subscribedAt = c.emailMarketing === "subscribed" ? c.emailMarketingUpdatedAt : null;
  return compact({
    "@type": "contact",
    id: c.id,
    email: c.email,
    customer_id: c.id,
    firstname: c.firstName,
    lastname: c.lastName,
    marketing_optin: OPTIN[c.emailMarketing],
    timestamp_acquired: iso(c.createdAt),
    timestamp_subscribed: subscribedAt && iso(subscribedAt),
  });
}

/** A partial record: Ometria merges it into the product it has, keeping everything else. */
export const deactivated = (id: string): PushRecord => ({ "@type": "product", id, is_active: false });

/**
 * The parent product, one record per variant (`is_variant`, `parent_id`), and a deactivation for
 * each variant sent before that the product no longer has.
 */
export function toProductRecords(p: Product, previousVariantIds: string[] = []): PushRecord[] {
  const active = p.status === "active";
  const only = p.variants.length === 1 ? p.variants[0] : null;
  const parent = compact({
    "@type": "product" as const,
    id: p.id,
    title: p.title,
    // Shopify keeps SKUs on variants; the parent has one only when there is a single variant.
    sku: only?.sku,
    price: money(p.price),
    url: p.url,
    image_url: p.imageUrl,
    is_active: active,
  });
  const variants = p.variants.map((v) =>
    compact({
      "@type": "product" as const,
      id: v.id,
      parent_id: p.id,
      is_variant: true,
      title: v.title === "Default Title" ? p.title : `${p.title} - ${v.title}`,
      sku: v.sku,
      price: money(v.price),
      url: p.url && `${p.url}?variant=${v.id}`,
      image_url: v.imageUrl ?? p.imageUrl,
      is_active: active,
    }),
  );
  const current = new Set(p.variants.map((v) => v.id));
  const gone = previousVariantIds.filter((id) => !current.has(id)).map(deactivated);
  return [parent, ...variants, ...gone];
}

/** Ometria's order status vocabulary, from Shopify's cancellation, payment and fulfilment state. */
export function orderStatus(o: Order): string {
  if (o.cancelledAt) return "cancelled";
  switch (o.financialStatus) {
    case "refunded":
    case "partially_refunded":
    case "voided":
      return o.financialStatus;
    case "pending":
    case "authorized":
    case "partially_paid":
      return "pending";
    default:
      return o.fulfillmentStatus === "fulfilled" ? "complete" : "processing";
  }
}

function toAddress(a: Address | null) {
  if (!a) return null;
  return compact({
    firstname: a.firstName,
    lastname: a.lastName,
    company: a.company,
    line_1: a.address1,
    line_2: a.address2,
    city: a.city,
    state: a.province,
    postcode: a.zip,
    country_code: a.countryCode,
    phone: a.phone,
  });
}

function toLineItem(l: OrderLine) {
  const subtotal = money(l.price * l.quantity);
  return compact({
    product_id: l.productId,
    variant_id: l.variantId,
    sku: l.sku,
    quantity: l.quantity,
    unit_price: money(l.price),
    subtotal,
    discount: money(l.discount),
    tax: money(l.tax),
    total: money(subtotal - l.discount + l.tax),
    quantity_refunded: l.refundedQuantity,
    refunded: money(l.refundedAmount),
  });
}

export function toOrder(o: Order): PushRecord {
  const customer = o.customer ?? (o.email ? { id: null, email: o.email, firstName: null, lastName: null } : null);
  return compact({
    "@type": "order",
    id: o.id,
    timestamp: iso(o.processedAt ?? o.createdAt),
    grand_total: money(o.totalPrice),
    subtotal: money(o.subtotalPrice),
    discount: money(o.totalDiscounts),
    shipping: money(o.totalShipping),
    tax: money(o.totalTax),
    currency: o.currency,
    status: orderStatus(o),
    // A cancelled order, or one whose payment was voided, brought in no revenue.
    is_valid: !o.cancelledAt && o.financialStatus !== "voided",
    customer: customer && { id: customer.id, email: customer.email ?? o.email, firstname: customer.firstName, lastname: customer.lastName },
    ip_address: o.browserIp,
    channel: "online",
    payment_method: o.paymentGateways.join(", ") || null,
    shipping_method: o.shippingLines.map((s) => s.title).join(", ") || null,
    billing_address: toAddress(o.billingAddress),
    shipping_address: toAddress(o.shippingAddress),
    coupon_code: o.discountCodes.map((d) => d.code).join(",") || null,
    lineitems: o.lines.map(toLineItem),
  });
}
