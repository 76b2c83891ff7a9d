// Canonical records → Metrilo resources (OpenAPI 2.1.1). Optional fields are omitted rather than
// sent as null: the spec types them as plain strings/numbers, and Metrilo overwrites on upsert.
import { storefrontUrl } from "../../domain/shopify/storefront-url";
import type { Address, Category, Customer, Order, OrderLine, Product, ShopInfo } from "../../domain/types";

export interface MetriloCustomer {
  email: string;
  createdAt: number;
  firstName?: string;
  lastName?: string;
  subscribed?: boolean;
  tags?: string[];
}
export interface MetriloCategory { id: string; name: string; url?: string }
export interface MetriloOption { id: string; name: string; price: number; sku?: string; imageUrl?: string }
export interface MetriloProduct {
  id: string;
  name: string;
  price?: number;
  url?: string;
  imageUrl?: string;
  sku?: string;
  categories?: string[];
  options?: MetriloOption[];
}
export interface MetriloBilling {
  firstName?: string;
  lastName?: string;
  address?: string;
  city?: string;
  countryCode?: string;
  phone?: string;
  postcode?: string;
  paymentMethod?: string;
}
export interface MetriloOrder {
  id: string;
  createdAt: number;
  amount: number;
  status: string;
  email: string;
  products: { productId: string; quantity: number }[];
  coupons?: string[];
  billing?: MetriloBilling;
  ipAddress?: string;
}

/** Drops undefined/null/"" so optional keys are absent, never null. */
function compact<T extends object>(obj: T): { [K in keyof T]: Exclude<T[K], null> } {
  const kept = Object.entries(obj).filter(([, v]) => v !== undefined && v !== null && v !== "");
  return Object.fromEntries(kept) as { [K in keyof T]: Exclude<T[K], null> };
}

/** Metrilo keys customers by email; normalise so an order's email finds the customer. */
export function metriloEmail(email: string | null | undefined): string | null {
  const e = email?.trim().toLowerCase();
  return e ? e : null;
}

export function toMetriloCustomer(c: Customer, email: string): MetriloCustomer {
  return compact({
    email,
    createdAt: c.createdAt.getTime(),
    firstName: c.firstName,
    lastName: c.lastName,
    subscribed: c.emailMarketing === "subscribed",
    tags: c.tags,
  });
}

export function toMetriloCategory(c: Category, shop: ShopInfo): MetriloCategory {
  return compact({ id: c.id, name: c.title, url: c.url ?? storefrontUrl(shop, `/collections/${c.handle}`) });
}

export function toMetriloProduct(p: Product, shop: ShopInfo): MetriloProduct {
  // A single-variant product is Shopify's "Default Title": its price and SKU belong on the product,
  // an option named "Default Title" would only clutter Metrilo's reports.
  const single = p.variants.length === 1 ? p.variants[0] : null;
  return compact({
    id: p.id,
    name: p.title,
    price: p.price,
    url: p.url ?? storefrontUrl(shop, `/products/${p.handle}`),
    imageUrl: p.imageUrl,
    sku: single?.sku,
    // null = unknown (webhook payloads lack collections): leave Metrilo's list alone, since
    // categories are replaced on every upsert and [] would wipe them.
    categories: p.categoryIds ?? undefined,
    options: single || p.variants.length === 0
      ? undefined
      : p.variants.map((v) => compact({ id: v.id, name: v.title, price: v.price, sku: v.sku, imageUrl: v.imageUrl })),
  });
}

/**
 * Metrilo's own WooCommerce plugin sends WooCommerce order statuses, and its API example uses
 * "completed", so we speak that vocabulary: cancelled / refunded / completed (fulfilled) /
 * processing (paid, awaiting fulfilment) / pending (not yet paid).
 */
export function metriloOrderStatus(o: Order): string {
  if (o.cancelledAt || o.financialStatus === "voided") return "cancelled";
  if (o.financialStatus === "refunded") return "refunded";
  if (o.fulfillmentStatus === "fulfilled") return "completed";
  if (o.financialStatus === "paid" || o.financialStatus === "partially_refunded") return "processing";
  return "pending";
}

function toBilling(a: Address | null, gateways: string[]): MetriloBilling | undefined {
  const billing = compact({
    firstName: a?.firstName,
    lastName: a?.lastName,
    address: [a?.address1, a?.address2].filter(Boolean).join(", "),
    city: a?.city,
    countryCode: a?.countryCode,
    phone: a?.phone,
    postcode: a?.zip,
    paymentMethod: gateways.join(", "),
  });
  return Object.keys(billing).length ? billing : undefined;
}

/** Lines without a product (custom items, deleted products) cannot be linked in Metrilo. */
export function linkedLines(o: Order): (OrderLine & { productId: string })[] {
  return o.lines.filter((l): l is OrderLine & { productId: string } => l.productId !== null);
}

export function orderEmail(o: Order): string | null {
  return metriloEmail(o.email ?? o.customer?.email);
}

export function toMetriloOrder(o: Order, email: string): MetriloOrder {
  const quantities = new Map<string, number>();
  for (const l of linkedLines(o)) quantities.set(l.productId, (quantities.get(l.productId) ?? 0) + l.quantity);
  return compact({
    id: o.id,
    createdAt: o.createdAt.getTime(),
    amount: o.totalPrice,
    status: metriloOrderStatus(o),
    email,
    products: [...quantities].map(([productId, quantity]) => ({ productId, quantity })),
    coupons: o.discountCodes.length ? o.discountCodes.map((d) => d.code) : undefined,
    billing: toBilling(o.billingAddress, o.paymentGateways),
    ipAddress: o.browserIp,
  });
}

/** The order's buyer as a minimal customer, upserted first so Metrilo does not drop the order. */
export function buyerFromOrder(o: Order, email: string): MetriloCustomer {
  return compact({
    email,
    createdAt: (o.customer?.createdAt ?? o.createdAt).getTime(),
    firstName: o.customer?.firstName ?? o.billingAddress?.firstName,
    lastName: o.customer?.lastName ?? o.billingAddress?.lastName,
  });
}

/** A product named by an order line but not yet known to Metrilo, built from the line itself. */
export function productFromLine(l: OrderLine & { productId: string }): MetriloProduct {
  return { id: l.productId, name: l.title, price: l.price };
}
