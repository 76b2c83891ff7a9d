// Many entities from the one fixture shop. Entity n gets its own ids, email and handle; version v
// a later updated_at and a name or total that says which version it is — so a drill can tell
// exactly which state of which entity a vendor received. Orders name customer n and product n.
import { fixture } from "../fixtures/shopify";

export interface Hook {
  topic: string;
  // eslint-disable-next-line @typescript-eslint/no-explicit-any
  payload: Record<string, any>;
}

const updatedAt = (v: number) => new Date(Date.UTC(2026, 10, 10, 12, v)).toISOString();
export const customerId = (n: number) => 7_100_000_000_000 + n;
export const productId = (n: number) => 8_100_000_000_000 + n;
export const variantId = (n: number, i: number) => 47_100_000_000_000 + n * 10 + i;
export const orderId = (n: number) => 5_100_000_000_000 + n;
export const email = (n: number) => `buyer${n}@example.com`;
export const firstName = (n: number, v: number) => `Buyer${n} v${v}`;
export const productTitle = (n: number, v: number) => `Shirt ${n} v${v}`;
/** An order's total says its version: 100 + v. */
export const orderTotal = (v: number) => 100 + v;

export function customer(n: number, v = 1): Hook {
  const c = fixture("customers-create");
  Object.assign(c, { id: customerId(n), email: email(n), first_name: firstName(n, v), updated_at: updatedAt(v) });
  for (const a of [...c.addresses, c.default_address]) a.customer_id = c.id;
  return { topic: v === 1 ? "customers/create" : "customers/update", payload: c };
}

export function product(n: number, v = 1): Hook {
  const p = fixture("products-create");
  Object.assign(p, { id: productId(n), title: productTitle(n, v), handle: `shirt-${n}`, updated_at: updatedAt(v) });
  p.variants.forEach((variant: Record<string, unknown>, i: number) => Object.assign(variant, { id: variantId(n, i), product_id: p.id, updated_at: updatedAt(v) }));
  for (const image of p.images) image.product_id = p.id;
  if (p.image) p.image.product_id = p.id;
  for (const option of p.options) option.product_id = p.id;
  return { topic: v === 1 ? "products/create" : "products/update", payload: p };
}

export function order(n: number, v = 1): Hook {
  const o = fixture("orders-create");
  Object.assign(o, { id: orderId(n), name: `#${2000 + n}`, email: email(n), contact_email: email(n), updated_at: updatedAt(v), total_price: orderTotal(v).toFixed(2) });
  Object.assign(o.customer, { id: customerId(n), email: email(n) });
  o.line_items.forEach((line: Record<string, unknown>, i: number) => Object.assign(line, { id: 13_100_000_000_000 + n * 10 + i, product_id: productId(n), variant_id: variantId(n, 0) }));
  return { topic: v === 1 ? "orders/create" : "orders/updated", payload: o };
}
