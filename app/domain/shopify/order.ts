// orders/create, orders/updated, orders/cancelled (and a stored order with refunds applied) → Order.
import { z } from "zod/v4";
import type { FinancialStatus, Order, OrderCustomer, Refund } from "../types";
import { addressPayload, mapAddress } from "./address";
import { consentPayload, mapConsent } from "./customer";
import { date, money, parsePayload, shopifyId, sum, tags, text } from "./parse";
import { mapRefund, refundPayload } from "./refund";
import { refundedOnLine } from "./refunded";

const amounts = z.array(z.object({ amount: money }).passthrough());

const linePayload = z
  .object({
    id: shopifyId,
    // Null for custom items and for products deleted since.
    product_id: shopifyId.nullish(),
    variant_id: shopifyId.nullish(),
    sku: text,
    title: z.string(),
    variant_title: text,
    quantity: z.number().int(),
    price: money,
    total_discount: money.optional(),
    discount_allocations: amounts.default([]),
    tax_lines: z.array(z.object({ price: money }).passthrough()).default([]),
  })
  .passthrough();

const customerPayload = z
  .object({
    id: shopifyId,
    email: text,
    first_name: text,
    last_name: text,
    created_at: date.nullish(),
    tags,
    email_marketing_consent: consentPayload,
  })
  .passthrough();

export const orderPayload = z
  .object({
    id: shopifyId,
    name: z.string(),
    email: text,
    phone: text,
    customer: customerPayload.nullish(),
    created_at: date,
    updated_at: date,
    processed_at: date.nullish(),
    cancelled_at: date.nullish(),
    cancel_reason: text,
    closed_at: date.nullish(),
    currency: z.string().length(3),
    total_price: money,
    subtotal_price: money,
    total_tax: money,
    total_discounts: money,
    total_shipping_price_set: z.object({ shop_money: z.object({ amount: money }).passthrough() }).passthrough().nullish(),
    financial_status: z.string().nullish(),
    fulfillment_status: z.string().nullish(),
    discount_codes: z.array(z.object({ code: z.string(), amount: money, type: z.string() }).passthrough()).default([]),
    line_items: z.array(linePayload),
    shipping_lines: z.array(z.object({ title: z.string(), price: money }).passthrough()).default([]),
    refunds: z.array(refundPayload).default([]),
    billing_address: addressPayload.nullish(),
    shipping_address: addressPayload.nullish(),
    browser_ip: text,
    client_details: z.object({ user_agent: text }).passthrough().nullish(),
    landing_site: text,
    referring_site: text,
    payment_gateway_names: z.array(z.string()).default([]),
    tags,
    test: z.boolean().default(false),
  })
  .passthrough();

const FINANCIAL: readonly FinancialStatus[] = [
  "pending", "authorized", "partially_paid", "paid", "partially_refunded", "refunded", "voided",
];
const FULFILLMENT = ["fulfilled", "partial", "restocked"] as const;

const mapCustomer = (c: z.output<typeof customerPayload>): OrderCustomer => ({
  id: c.id,
  email: c.email,
  firstName: c.first_name,
  lastName: c.last_name,
  createdAt: c.created_at ?? null,
  tags: c.tags,
  emailMarketing: mapConsent(c.email_marketing_consent),
});

function mapLine(l: z.output<typeof linePayload>, refunds: Refund[]) {
  return {
    id: l.id,
    productId: l.product_id ?? null,
    variantId: l.variant_id ?? null,
    sku: l.sku,
    title: l.title,
    variantTitle: l.variant_title,
    quantity: l.quantity,
    price: l.price,
    // total_discount is deprecated and often 0 where allocations carry the discount.
    discount: l.discount_allocations.length ? sum(l.discount_allocations.map((d) => d.amount)) : (l.total_discount ?? 0),
    tax: sum(l.tax_lines.map((t) => t.price)),
    ...refundedOnLine(l.id, refunds),
  };
}

export function mapOrder(payload: unknown): Order {
  const o = parsePayload(orderPayload, payload);
  const refunds = o.refunds.map(mapRefund);
  return {
    id: o.id,
    name: o.name,
    // Orders made by staff can carry "" while the customer has an address.
    email: o.email ?? o.customer?.email ?? null,
    phone: o.phone,
    customer: o.customer ? mapCustomer(o.customer) : null,
    createdAt: o.created_at,
    updatedAt: o.updated_at,
    processedAt: o.processed_at ?? null,
    cancelledAt: o.cancelled_at ?? null,
    cancelReason: o.cancel_reason,
    closedAt: o.closed_at ?? null,
    currency: o.currency,
    totalPrice: o.total_price,
    subtotalPrice: o.subtotal_price,
    totalTax: o.total_tax,
    totalDiscounts: o.total_discounts,
    totalShipping: o.total_shipping_price_set?.shop_money.amount ?? sum(o.shipping_lines.map((s) => s.price)),
    totalRefunded: sum(refunds.map((r) => r.amount)),
    financialStatus: FINANCIAL.find((s) => s === o.financial_status) ?? "unknown",
    fulfillmentStatus: FULFILLMENT.find((s) => s === o.fulfillment_status) ?? null,
    discountCodes: o.discount_codes.map((d) => ({ code: d.code, amount: d.amount, type: d.type })),
    lines: o.line_items.map((l) => mapLine(l, refunds)),
    shippingLines: o.shipping_lines.map((s) => ({ title: s.title, price: s.price })),
    refunds,
    billingAddress: mapAddress(o.billing_address),
    shippingAddress: mapAddress(o.shipping_address),
    browserIp: o.browser_ip,
    userAgent: o.client_details?.user_agent ?? null,
    landingSite: o.landing_site,
    referringSite: o.referring_site,
    paymentGateways: o.payment_gateway_names,
    tags: o.tags,
    test: o.test,
  };
}
