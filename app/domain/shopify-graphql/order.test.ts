import { describe, expect, it } from "vitest";
import { adminSample } from "../../../simulators/shopify-admin/samples";
import { fixture } from "../../../test/fixtures/shopify";
import { adaOrderLine, adaOrderUpdated, adaRefund } from "../../../test/fixtures/shopify/expected";
import { sampleShop } from "../samples";
import { mapOrder } from "../shopify/order";
import { toEntity } from "../shopify/topics";
import type { Order } from "../types";
import { mapOrderNode } from "./order";

/** The Admin API's view of order #1001 after its refund: the webhooks' order with the refund applied, no user agent. */
const adaOrder: Order = {
  ...adaOrderUpdated,
  updatedAt: new Date("2026-11-06T15:20:00Z"),
  totalRefunded: 51.97,
  financialStatus: "partially_refunded",
  lines: [{ ...adaOrderLine, refundedQuantity: 1, refundedAmount: 44.55 }],
  refunds: [adaRefund],
  // GraphQL has no user agent for an order.
  userAgent: null,
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

  it("reads 2026-10's FULFILLMENT_NOT_REQUIRED as not fulfilled, as REST's null", () => {
    const node = adminSample("guestOrder");
    node.displayFulfillmentStatus = "FULFILLMENT_NOT_REQUIRED";
    expect(mapOrderNode(node).fulfillmentStatus).toBeNull();
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
