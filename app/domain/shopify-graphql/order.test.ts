import { describe, expect, it } from "vitest";
import { adminSample } from "../../../simulators/shopify-admin/samples";
import { fixture } from "../../../test/fixtures/shopify";
import { sampleShop } from "../samples";
import { mapOrder } from "../shopify/order";
import { toEntity } from "../shopify/topics";
import type { Order } from "../types";
import { mapOrderNode } from "./order";

const adaAddress = {
  firstName: "Ada", lastName: "Lovelace", company: null, address1: "12 St James's Square", address2: null,
  city: "London", province: null, zip: "SW1Y 4JH", countryCode: "GB", phone: "+442071234567",
};

const adaOrder: Order = {
  id: "5901234567890",
  name: "#1001",
  email: "ada@example.com",
  phone: null,
  customer: {
    id: "7390213816404",
    email: "ada@example.com",
    firstName: "Ada",
    lastName: "Lovelace",
    createdAt: new Date("2026-11-01T10:00:00Z"),
    tags: ["newsletter", "vip"],
    emailMarketing: "subscribed",
  },
  createdAt: new Date("2026-11-02T12:00:00Z"),
  updatedAt: new Date("2026-11-06T15:20:00Z"),
  processedAt: new Date("2026-11-02T12:00:00Z"),
  cancelledAt: null,
  cancelReason: null,
  closedAt: null,
  currency: "EUR",
  totalPrice: 108.9,
  subtotalPrice: 89.1,
  totalTax: 14.85,
  totalDiscounts: 9.9,
  totalShipping: 4.95,
  totalRefunded: 51.97,
  financialStatus: "partially_refunded",
  fulfillmentStatus: "fulfilled",
  discountCodes: [{ code: "WELCOME10", amount: 9.9, type: "percentage" }],
  lines: [
    {
      id: "14567890123456",
      productId: "8901234567890",
      variantId: "47012345678901",
      sku: "LIN-S",
      title: "Linen shirt",
      variantTitle: "S",
      quantity: 2,
      price: 49.5,
      discount: 9.9,
      tax: 14.85,
      refundedQuantity: 1,
      refundedAmount: 44.55,
    },
  ],
  shippingLines: [{ title: "Standard", price: 4.95 }],
  refunds: [
    {
      id: "987654321012",
      orderId: "5901234567890",
      createdAt: new Date("2026-11-06T15:20:00Z"),
      note: "Size too small",
      lines: [{ lineId: "14567890123456", quantity: 1, subtotal: 44.55, tax: 7.42 }],
      amount: 51.97,
    },
  ],
  billingAddress: adaAddress,
  shippingAddress: adaAddress,
  browserIp: "203.0.113.7",
  // GraphQL has no user agent for an order.
  userAgent: null,
  landingSite: "/products/linen-shirt?utm_source=fb&utm_medium=paid&trc_mcmp_id=111",
  referringSite: "https://www.facebook.com/",
  paymentGateways: ["shopify_payments"],
  tags: ["gift", "priority"],
  test: false,
};

describe("mapOrderNode", () => {
  it("maps an Order node with its customer, lines, discount code, shipping and refund", () => {
    expect(mapOrderNode(adminSample("adaOrder"))).toEqual(adaOrder);
  });

  it("reads the order its webhooks describe, but for the user agent and the refreshed financial status", () => {
    const rest = toEntity("refunds/create", fixture("refunds-create"), sampleShop, fixture("orders-updated"));
    expect(rest.kind === "order" && rest.op === "upsert" && { ...rest.record, userAgent: null, financialStatus: "partially_refunded" }).toEqual(
      mapOrderNode(adminSample("adaOrder")),
    );
    expect(mapOrderNode(adminSample("guestOrder"))).toEqual({ ...mapOrder(fixture("orders-cancelled")), userAgent: null });
  });

  it("sums a code's allocations over lines and shipping, and types codes as REST does", () => {
    const node = adminSample("adaOrder");
    node.shippingLines.nodes[0].discountAllocations = [{ allocatedAmountSet: { shopMoney: { amount: "4.95" } }, discountApplication: { index: 1 } }];
    node.discountApplications.nodes.push(
      { index: 1, targetType: "SHIPPING_LINE", value: { __typename: "PricingPercentageValue" }, code: "FREESHIP" },
      { index: 2, targetType: "LINE_ITEM", value: { __typename: "MoneyV2" }, code: "TENOFF" },
      // An automatic discount is no code.
      { index: 3, targetType: "LINE_ITEM", value: { __typename: "MoneyV2" } },
    );
    expect(mapOrderNode(node).discountCodes).toEqual([
      { code: "WELCOME10", amount: 9.9, type: "percentage" },
      { code: "FREESHIP", amount: 4.95, type: "shipping" },
      { code: "TENOFF", amount: 0, type: "fixed_amount" },
    ]);
  });

  it("reads unknown statuses, missing visits and custom items as unknown", () => {
    const node = adminSample("guestOrder");
    Object.assign(node, { displayFinancialStatus: "EXPIRED", displayFulfillmentStatus: "PARTIALLY_FULFILLED", customerJourneySummary: null });
    node.lineItems.nodes[0].product = null;
    node.lineItems.nodes[0].variant = null;
    expect(mapOrderNode(node)).toMatchObject({ financialStatus: "unknown", fulfillmentStatus: "partial", landingSite: null, referringSite: null });
    expect(mapOrderNode(node).lines[0]).toMatchObject({ productId: null, variantId: null });
  });

  it("counts only successful refund transactions", () => {
    const node = adminSample("adaOrder");
    node.refunds[0].transactions.nodes[0].status = "PENDING";
    expect(mapOrderNode(node).totalRefunded).toBe(0);
  });

  it("refuses an order with more lines than one page, and names the field a node gets wrong", () => {
    const node = adminSample("adaOrder");
    node.lineItems.pageInfo.hasNextPage = true;
    expect(() => mapOrderNode(node)).toThrow("lineItems: more than one page");
    const bad = adminSample("adaOrder");
    bad.lineItems.nodes[0].originalUnitPriceSet.shopMoney.amount = "cheap";
    expect(() => mapOrderNode(bad)).toThrow("lineItems.nodes.0.originalUnitPriceSet.shopMoney.amount: Expected a decimal amount");
  });
});
