// Canonical records → Tracktor.io person properties and e-commerce events.
import type { Customer, Order, OrderLine } from "../../domain/types";

export const PURCHASE = "purchase";
export const CANCELLED = "order_cancelled";

/**
 * Person properties for `/set`. A null value deletes the property on Tracktor.io, which is what an
 * upsert of the newest state means (a removed phone number must disappear there too).
 */
export function customerProperties(c: Customer): Record<string, unknown> {
  const props: Record<string, unknown> = {
    email: c.email,
    first_name: c.firstName,
    last_name: c.lastName,
    phone: c.phone,
    tags: c.tags,
    created_at: c.createdAt.toISOString(),
    city: c.defaultAddress?.city ?? null,
    country_code: c.defaultAddress?.countryCode ?? null,
  };
  // "unknown" consent says nothing: leave whatever Tracktor.io already holds.
  if (c.emailMarketing !== "unknown") props.accepts_marketing = c.emailMarketing === "subscribed";
  return props;
}

/** A customer order belongs to the Shopify customer id (as `/set` uses); a guest order to its email. */
export function orderIdentity(o: Order): string | null {
  if (o.customer) return o.customer.id;
  const email = o.email?.trim().toLowerCase();
  return email || null;
}

// Shopify's own line-item name: "Linen shirt - S".
const lineName = (l: OrderLine) => (l.variantTitle ? `${l.title} - ${l.variantTitle}` : l.title);

/** The cart object of Tracktor.io's e-commerce extension (`purchaseCart`), plus the order's ids. */
export function orderCart(o: Order): Record<string, unknown> {
  return {
    order_id: o.id,
    order_name: o.name,
    totalprice: o.totalPrice,
    currency: o.currency,
    created_at: o.createdAt.toISOString(),
    products: o.lines.map((l) => ({
      name: lineName(l),
      price: l.price,
      count: l.quantity,
      ...(l.sku ? { sku: l.sku } : {}),
    })),
  };
}

export function cancellationData(o: Order): Record<string, unknown> {
  return { ...orderCart(o), cancelled_at: o.cancelledAt?.toISOString() ?? null, cancel_reason: o.cancelReason };
}
