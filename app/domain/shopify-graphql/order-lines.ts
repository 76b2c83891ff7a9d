// An order's line items, shipping lines and discount codes. GraphQL gives a code no amount: what it
// took off is the sum of the allocations that point at its discount application.
import { z } from "zod/v4";
import type { Order, OrderLine, Refund } from "../types";
import { refundedOnLine } from "../shopify/refunded";
import { gid, shopMoney, sum, text } from "./parse";

const allocations = z
  .array(z.object({ allocatedAmountSet: shopMoney, discountApplication: z.object({ index: z.number().int() }).passthrough() }).passthrough())
  .default([]);

export const lineItemNode = z
  .object({
    id: gid,
    // Null for custom items and for products deleted since.
    product: z.object({ id: gid }).passthrough().nullish(),
    variant: z.object({ id: gid }).passthrough().nullish(),
    sku: text,
    title: z.string(),
    variantTitle: text,
    quantity: z.number().int(),
    originalUnitPriceSet: shopMoney,
    discountAllocations: allocations,
    taxLines: z.array(z.object({ priceSet: shopMoney }).passthrough()).default([]),
  })
  .passthrough();

export const shippingLineNode = z
  .object({ title: z.string(), originalPriceSet: shopMoney, discountAllocations: allocations })
  .passthrough();

export const discountApplicationNode = z
  .object({
    index: z.number().int(),
    targetType: z.string(),
    value: z.object({ __typename: z.string() }).passthrough(),
    // Only DiscountCodeApplication has a code; automatic and manual discounts are not codes.
    code: z.string().optional(),
  })
  .passthrough();

type LineItem = z.output<typeof lineItemNode>;
type ShippingLine = z.output<typeof shippingLineNode>;
type Allocations = z.output<typeof allocations>;

const allocated = (a: Allocations) => sum(a.map((x) => x.allocatedAmountSet));

export function mapLineItem(l: LineItem, refunds: Refund[]): OrderLine {
  return {
    id: l.id,
    productId: l.product?.id ?? null,
    variantId: l.variant?.id ?? null,
    sku: l.sku,
    title: l.title,
    variantTitle: l.variantTitle,
    quantity: l.quantity,
    price: l.originalUnitPriceSet,
    discount: allocated(l.discountAllocations),
    tax: sum(l.taxLines.map((t) => t.priceSet)),
    ...refundedOnLine(l.id, refunds),
  };
}

export function mapDiscountCodes(
  applications: z.output<typeof discountApplicationNode>[],
  lines: LineItem[],
  shipping: ShippingLine[],
): Order["discountCodes"] {
  const all = [...lines, ...shipping].flatMap((l) => l.discountAllocations);
  return applications.flatMap((d) => {
    if (d.code === undefined) return [];
    const type = d.targetType === "SHIPPING_LINE" ? "shipping" : d.value.__typename === "PricingPercentageValue" ? "percentage" : "fixed_amount";
    return [{ code: d.code, amount: allocated(all.filter((a) => a.discountApplication.index === d.index)), type }];
  });
}
