import { describe, expect, it } from "vitest";
import { fixture } from "../../../test/fixtures/shopify";
import { adaOrderCreated, adaOrderUpdated } from "../../../test/fixtures/shopify/expected";
import { mapOrder } from "./order";

describe("mapOrder", () => {
  it("maps orders/create for a customer", () => {
    expect(mapOrder(fixture("orders-create"))).toEqual(adaOrderCreated);
  });

  it("maps orders/updated", () => {
    expect(mapOrder(fixture("orders-updated"))).toEqual(adaOrderUpdated);
  });

  it("maps a guest order: no customer, the email on the order, no discount", () => {
    const o = mapOrder(fixture("orders-create-guest"));
    expect(o).toMatchObject({
      id: "5901234567891",
      name: "#1002",
      email: "grace@example.com",
      customer: null,
      totalPrice: 65.62,
      totalDiscounts: 0,
      discountCodes: [],
      landingSite: "/",
      referringSite: null,
      paymentGateways: ["paypal"],
    });
    expect(o.lines).toEqual([
      {
        id: "14567890123457",
        productId: "8901234567890",
        variantId: "47012345678902",
        sku: "LIN-M",
        title: "Linen shirt",
        variantTitle: "M",
        quantity: 1,
        price: 52,
        discount: 0,
        tax: 8.67,
        refundedQuantity: 0,
        refundedAmount: 0,
      },
    ]);
  });

  it("maps orders/cancelled with its refund summed per line", () => {
    const o = mapOrder(fixture("orders-cancelled"));
    expect(o).toMatchObject({
      cancelledAt: new Date("2026-11-04T20:00:00Z"),
      cancelReason: "customer",
      closedAt: new Date("2026-11-04T20:00:00Z"),
      financialStatus: "refunded",
      totalPrice: 65.62,
      totalRefunded: 65.62,
    });
    expect(o.refunds).toEqual([
      {
        id: "987654321013",
        orderId: "5901234567891",
        createdAt: new Date("2026-11-04T20:00:00Z"),
        note: null,
        lines: [{ lineId: "14567890123457", quantity: 1, subtotal: 52, tax: 8.67 }],
        amount: 65.62,
      },
    ]);
    expect(o.lines[0]).toMatchObject({ refundedQuantity: 1, refundedAmount: 52 });
  });

  it("falls back to shipping lines and total_discount when the newer fields are absent", () => {
    const payload = fixture("orders-create");
    delete payload.total_shipping_price_set;
    payload.shipping_lines.push({ ...payload.shipping_lines[0], title: "Express", price: "10.10" });
    delete payload.line_items[0].discount_allocations;
    payload.line_items[0].total_discount = "5.00";
    const o = mapOrder(payload);
    expect(o.totalShipping).toBe(15.05);
    expect(o.lines[0].discount).toBe(5);
  });

  it("reads unknown statuses and blank fields as unknown", () => {
    const payload = { ...fixture("orders-create"), financial_status: "expired", fulfillment_status: "unfulfilled", email: "", client_details: null };
    expect(mapOrder(payload)).toMatchObject({ financialStatus: "unknown", fulfillmentStatus: null, email: "ada@example.com", userAgent: null });
  });

  it("names the field a payload gets wrong", () => {
    const payload = fixture("orders-create");
    payload.line_items[0].quantity = "2";
    expect(() => mapOrder(payload)).toThrow("line_items.0.quantity: Expected number, received string");
    expect(() => mapOrder({ ...fixture("orders-create"), id: undefined })).toThrow("id: Required");
    expect(() => mapOrder(fixture("refunds-create"))).toThrow("name: Required");
  });
});
