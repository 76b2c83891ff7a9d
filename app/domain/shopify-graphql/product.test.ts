import { describe, expect, it } from "vitest";
import { adminSample } from "../../../simulators/shopify-admin/samples";
import { fixture } from "../../../test/fixtures/shopify";
import { sampleShop } from "../samples";
import { mapProduct } from "../shopify/product";
import { mapProductNode } from "./product";

const CDN = "https://cdn.shopify.com/s/files/1/0712/3456/7890/files";

describe("mapProductNode", () => {
  it("maps a Product node with its variants and collections", () => {
    expect(mapProductNode(adminSample("linenShirt"), sampleShop)).toEqual({
      id: "8901234567890",
      title: "Linen shirt",
      handle: "linen-shirt",
      url: "https://shop.conduit-demo.test/products/linen-shirt",
      status: "active",
      vendor: "Conduit Demo",
      productType: "Shirts",
      tags: ["linen", "summer"],
      imageUrl: `${CDN}/linen-shirt.jpg?v=1793526600`,
      price: 49.5,
      categoryIds: ["412345678901"],
      variants: [
        {
          id: "47012345678901", productId: "8901234567890", title: "S", sku: "LIN-S", price: 49.5, compareAtPrice: null,
          position: 1, imageUrl: null, updatedAt: new Date("2026-11-01T09:30:00Z"),
        },
        {
          id: "47012345678902", productId: "8901234567890", title: "M", sku: "LIN-M", price: 52, compareAtPrice: 60,
          position: 2, imageUrl: `${CDN}/linen-shirt-m.jpg?v=1793526600`, updatedAt: new Date("2026-11-01T09:30:00Z"),
        },
      ],
      createdAt: new Date("2026-11-01T09:30:00Z"),
      updatedAt: new Date("2026-11-01T09:30:00Z"),
    });
  });

  it("reads the same product as its products/create webhook, and knows its collections too", () => {
    const rest = mapProduct(fixture("products-create"), sampleShop);
    expect(mapProductNode(adminSample("linenShirt"), sampleShop)).toEqual({ ...rest, categoryIds: ["412345678901"] });
  });

  it.each([
    ["ACTIVE", "active"],
    ["ARCHIVED", "archived"],
    ["DRAFT", "draft"],
    ["UNLISTED", "draft"],
  ])("status %s → %s", (status, expected) => {
    expect(mapProductNode({ ...adminSample("linenShirt"), status }, sampleShop).status).toBe(expected);
  });

  it("reads a product with no media, type or vendor", () => {
    const node = { ...adminSample("linenShirt"), featuredMedia: null, productType: "", vendor: "" };
    expect(mapProductNode(node, sampleShop)).toMatchObject({ imageUrl: null, productType: null, vendor: null });
  });

  it("refuses a product with more variants than one page, or none", () => {
    const node = adminSample("linenShirt");
    node.variants.pageInfo.hasNextPage = true;
    expect(() => mapProductNode(node, sampleShop)).toThrow("variants: more than one page");
    expect(() => mapProductNode({ ...adminSample("linenShirt"), variants: { nodes: [] } }, sampleShop)).toThrow(
      "variants: a product has at least its default variant",
    );
  });
});
