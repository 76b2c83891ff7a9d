import { describe, expect, it } from "vitest";
import { adminSample } from "../../../simulators/shopify-admin/samples";
import { fixture } from "../../../test/fixtures/shopify";
import { linenShirt } from "../../../test/fixtures/shopify/expected";
import { sampleShop } from "../samples";
import { mapProduct } from "../shopify/product";
import { mapProductNode } from "./product";

describe("mapProductNode", () => {
  it("maps a Product node with its variants and collections", () => {
    expect(mapProductNode(adminSample("linenShirt"), sampleShop)).toEqual({ ...linenShirt, categoryIds: ["412345678901"] });
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
