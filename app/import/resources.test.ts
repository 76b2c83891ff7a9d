import { describe, expect, it } from "vitest";
import { bulkQuery, childField, parseResources } from "./resources";

describe("import resources", () => {
  it("keeps --resource in import order and names an unknown one", () => {
    expect(parseResources("orders, customers")).toEqual(["customers", "orders"]);
    expect(parseResources(undefined)).toEqual(["customers", "collections", "products", "orders"]);
    expect(() => parseResources("orders,refunds")).toThrow('unknown resource "refunds"');
  });
  it("places a child by its __typename, else by its global id", () => {
    expect(childField({ __typename: "ShippingLine", title: "Standard" })).toBe("shippingLines");
    expect(childField({ __typename: "DiscountCodeApplication", index: 0 })).toBe("discountApplications");
    expect(childField({ id: "gid://shopify/ProductVariant/1" })).toBe("variants");
    expect(childField({ id: "gid://shopify/Collection/1" })).toBe("collections");
    expect(childField({ id: "gid://shopify/Metafield/1" })).toBeUndefined();
  });
  it("asks Shopify for records changed since --since, and no connection inside a list field", () => {
    expect(bulkQuery("orders", new Date("2024-01-01T00:00:00Z"))).toMatch(/^\{ orders\(query: "updated_at:>'2024-01-01T00:00:00.000Z'"\)/);
    expect(bulkQuery("orders")).toMatch(/refunds \{ id createdAt note totalRefundedSet \{ shopMoney \{ amount currencyCode \} \} \}/);
    expect(bulkQuery("customers")).toMatch(/^\{ customers \{ edges \{ node \{ id /);
  });
});
