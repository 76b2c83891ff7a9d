// The canonical model: one shape per record, between Shopify and every vendor.
// Webhooks, the historical import (Admin API bulk lines) and the Web Pixel each have a mapper
// into these types; vendors map only from them. Money is a decimal number in the order's currency.

export interface Address {
  firstName: string | null;
  lastName: string | null;
  company: string | null;
  address1: string | null;
  address2: string | null;
  city: string | null;
  province: string | null;
  zip: string | null;
  countryCode: string | null;
  phone: string | null;
}

/** Email marketing consent, normalised from Shopify's `email_marketing_consent.state`. */
export type MarketingConsent = "subscribed" | "not_subscribed" | "unsubscribed" | "unknown";

export interface Customer {
  id: string;
  email: string | null;
  phone: string | null;
  firstName: string | null;
  lastName: string | null;
  createdAt: Date;
  updatedAt: Date;
  tags: string[];
  emailMarketing: MarketingConsent;
  emailMarketingUpdatedAt: Date | null;
  defaultAddress: Address | null;
}

/** A Shopify collection. */
export interface Category {
  id: string;
  title: string;
  handle: string;
  /** Absolute storefront URL, when the shop's domain is known. */
  url: string | null;
  updatedAt: Date;
}

export interface ProductVariant {
  id: string;
  productId: string;
  title: string;
  sku: string | null;
  price: number;
  compareAtPrice: number | null;
  position: number;
  imageUrl: string | null;
  updatedAt: Date | null;
}

export interface Product {
  id: string;
  title: string;
  handle: string;
  url: string | null;
  /** Shopify status: active products are sellable. */
  status: "active" | "draft" | "archived";
  vendor: string | null;
  productType: string | null;
  tags: string[];
  imageUrl: string | null;
  /** Lowest variant price. */
  price: number;
  /** Collection ids; null when unknown (the webhook payload does not carry them). */
  categoryIds: string[] | null;
  variants: ProductVariant[];
  createdAt: Date;
  updatedAt: Date;
}

export interface OrderLine {
  id: string;
  productId: string | null;
  variantId: string | null;
  sku: string | null;
  /** Product title. */
  title: string;
  variantTitle: string | null;
  quantity: number;
  /** Unit price before discounts. */
  price: number;
  /** Discount on the whole line. */
  discount: number;
  /** Tax on the whole line. */
  tax: number;
  refundedQuantity: number;
  refundedAmount: number;
}

export interface RefundLine {
  lineId: string;
  quantity: number;
  subtotal: number;
  tax: number;
}

export interface Refund {
  id: string;
  orderId: string;
  createdAt: Date;
  note: string | null;
  lines: RefundLine[];
  /** Money returned to the buyer (successful refund transactions). */
  amount: number;
}

export interface OrderCustomer {
  id: string;
  email: string | null;
  firstName: string | null;
  lastName: string | null;
  createdAt: Date | null;
  tags: string[];
  emailMarketing: MarketingConsent;
}

export type FinancialStatus =
  | "pending" | "authorized" | "partially_paid" | "paid"
  | "partially_refunded" | "refunded" | "voided" | "unknown";

export interface Order {
  id: string;
  /** "#1001" */
  name: string;
  email: string | null;
  phone: string | null;
  customer: OrderCustomer | null;
  createdAt: Date;
  updatedAt: Date;
  processedAt: Date | null;
  cancelledAt: Date | null;
  cancelReason: string | null;
  closedAt: Date | null;
  currency: string;
  /** Total incl. shipping and tax, after discounts (before refunds). */
  totalPrice: number;
  subtotalPrice: number;
  totalTax: number;
  totalDiscounts: number;
  totalShipping: number;
  totalRefunded: number;
  financialStatus: FinancialStatus;
  /** null = unfulfilled */
  fulfillmentStatus: "fulfilled" | "partial" | "restocked" | null;
  discountCodes: { code: string; amount: number; type: string }[];
  lines: OrderLine[];
  shippingLines: { title: string; price: number }[];
  refunds: Refund[];
  billingAddress: Address | null;
  shippingAddress: Address | null;
  browserIp: string | null;
  userAgent: string | null;
  /** Path and query of the first page of the visit, e.g. "/?utm_source=fb". */
  landingSite: string | null;
  referringSite: string | null;
  paymentGateways: string[];
  tags: string[];
  test: boolean;
}

/** What the visitor allowed when an event fired (the Web Pixel's `init.customerPrivacy`). */
export interface VisitorConsent {
  analytics: boolean;
  marketing: boolean;
  preferences: boolean;
  saleOfData: boolean;
}

/** A storefront event from the Web Pixel, as app/collect/ stores it. */
export interface StorefrontEvent {
  id: string;
  name: string;
  occurredAt: Date;
  url: string;
  referrer: string | null;
  clientId: string;
  ip: string | null;
  userAgent: string | null;
  email: string | null;
  data: Record<string, unknown>;
  /** Absent on events stored before consent was carried: then no vendor's consent is assumed met. */
  consent?: VisitorConsent;
  /** The visit: a per-visit id and its first page's URL (whose utm_*, trc_* parameters attribute it). */
  session?: { id: string; landingUrl: string | null };
}

/** What a vendor needs to know about the shop itself. */
export interface ShopInfo {
  /** example.myshopify.com */
  domain: string;
  /** https://www.example.com — the storefront's primary domain, when known. */
  primaryDomain: string | null;
}

export type EntityKind = "customer" | "category" | "product" | "order" | "storefront_event";

/** One change to deliver: the newest state of a record, or its deletion. */
export type Entity =
  | { kind: "customer"; op: "upsert"; record: Customer }
  | { kind: "customer"; op: "delete"; id: string }
  | { kind: "category"; op: "upsert"; record: Category }
  | { kind: "category"; op: "delete"; id: string }
  | { kind: "product"; op: "upsert"; record: Product }
  | { kind: "product"; op: "delete"; id: string }
  | { kind: "order"; op: "upsert"; record: Order }
  | { kind: "storefront_event"; op: "upsert"; record: StorefrontEvent };

export type EntityOp = Entity["op"];
