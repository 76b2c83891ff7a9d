import { describe, expect, it } from "vitest";
import { sampleOrder, sampleProduct, sampleShop } from "../../domain/samples";
import { metriloOrderStatus, toMetriloOrder, toMetriloProduct } from "./mapping";

describe("metrilo order status", () => {
  it.each([
    [{ cancelledAt: new Date(), fulfillmentStatus: "fulfilled" as const }, "cancelled"],
    [{ financialStatus: "voided" as const }, "cancelled"],
    [{ financialStatus: "refunded" as const, fulfillmentStatus: "fulfilled" as const }, "refunded"],
    [{ financialStatus: "paid" as const, fulfillmentStatus: "fulfilled" as const }, "completed"],
    [{ financialStatus: "paid" as const }, "processing"],
    [{ financialStatus: "partially_refunded" as const, fulfillmentStatus: "partial" as const }, "processing"],
    [{ financialStatus: "pending" as const }, "pending"],
    [{ financialStatus: "authorized" as const }, "pending"],
  ])("%o → %s", (over, status) => {
    expect(metriloOrderStatus(sampleOrder(over))).toBe(status);
  });
});

describe("metrilo mapping", () => {
  it("puts a single-variant product's SKU on the product instead of a Default Title option", () => {
    const single = sampleProduct({ variants: [{ ...sampleProduct().variants[0], title: "Default Title" }] });
    const p = toMetriloProduct(single, sampleShop);
    expect(p.sku).toBe("LIN-S");
    expect(p.options).toBeUndefined();
  });

  it("builds storefront URLs from the shop's domain when Shopify gave none", () => {
    const p = toMetriloProduct(sampleProduct({ url: null }), sampleShop);
    expect(p.url).toBe("https://shop.conduit-demo.test/products/linen-shirt");
  });

  it("sums quantities per product, leaves out lines without a product, and omits empty fields", () => {
    const base = sampleOrder().lines[0];
    const o = sampleOrder({
      lines: [base, { ...base, id: "2", variantId: "6002", quantity: 1 }, { ...base, id: "3", productId: null }],
      discountCodes: [],
      billingAddress: null,
      paymentGateways: [],
      browserIp: null,
    });
    const m = toMetriloOrder(o, "ada@example.com");
    expect(m.products).toEqual([{ productId: "5001", quantity: 3 }]);
    expect(Object.keys(m).sort()).toEqual(["amount", "createdAt", "email", "id", "products", "status"]);
  });
});
