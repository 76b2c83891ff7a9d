import { describe, expect, it } from "vitest";
import { fixture } from "../../../test/fixtures/shopify";
import type { Order } from "../types";
import { mapOrder } from "./order";

const adaAddress = {
  firstName: "Ada",
  lastName: "Lovelace",
  company: null,
  address1: "12 St James's Square",
  address2: null,
  city: "London",
  province: null,
  zip: "SW1Y 4JH",
  countryCode: "GB",
  phone: "+442071234567",
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
  updatedAt: new Date("2026-11-02T12:00:05Z"),
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
  totalRefunded: 0,
  financialStatus: "paid",
  fulfillmentStatus: null,
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
      refundedQuantity: 0,
      refundedAmount: 0,
    },
  ],
  shippingLines: [{ title: "Standard", price: 4.95 }],
  refunds: [],
  billingAddress: adaAddress,
  shippingAddress: adaAddress,
  browserIp: "203.0.113.7",
  userAgent: "Mozilla/5.0 (X11; Linux x86_64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/126.0.0.0 Safari/537.36",
  landingSite: "/products/linen-shirt?utm_source=fb&utm_medium=paid&trc_mcmp_id=111",
  referringSite: "https://www.facebook.com/",
  paymentGateways: ["shopify_payments"],
  tags: [],
  test: false,
};

describe("mapOrder", () => {
  it("maps orders/create for a customer", () => {
    expect(mapOrder(fixture("orders-create"))).toEqual(adaOrder);
  });

  it("maps orders/updated", () => {
    expect(mapOrder(fixture("orders-updated"))).toEqual({
      ...adaOrder,
      updatedAt: new Date("2026-11-03T09:00:00Z"),
      fulfillmentStatus: "fulfilled",
      tags: ["gift", "priority"],
    });
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
