import { describe, expect, it } from "vitest";
import { fixture } from "../../../test/fixtures/shopify";
import { linenShirt } from "../../../test/fixtures/shopify/expected";
import { sampleShop } from "../samples";
import { mapProduct } from "./product";

const IMAGES = "https://cdn.shopify.com/s/files/1/0712/3456/7890/files";

describe("mapProduct", () => {
  it("maps products/create: variants, images, lowest price, no collections known", () => {
    expect(mapProduct(fixture("products-create"), sampleShop)).toEqual(linenShirt);
  });

  it("maps products/update: the sale price becomes the product price", () => {
    const p = mapProduct(fixture("products-update"), sampleShop);
    expect(p).toMatchObject({ price: 45, tags: ["linen", "sale", "summer"], updatedAt: new Date("2026-11-05T13:00:00Z") });
    expect(p.variants[0]).toMatchObject({ price: 45, compareAtPrice: 49.5 });
  });

  it("takes the first image by position when `image` is absent, and none when there are no images", () => {
    const payload = fixture("products-create");
    delete payload.image;
    payload.images.reverse();
    expect(mapProduct(payload, sampleShop).imageUrl).toBe(`${IMAGES}/linen-shirt.jpg?v=1793526600`);
    expect(mapProduct({ ...payload, images: [] }, sampleShop).imageUrl).toBeNull();
  });

  it.each([
    ["draft", "draft"],
    ["archived", "archived"],
    ["unlisted", "draft"],
  ])("status %s → %s", (status, expected) => {
    expect(mapProduct({ ...fixture("products-create"), status }, sampleShop).status).toBe(expected);
  });

  it("names the field a payload gets wrong", () => {
    const payload = fixture("products-create");
    payload.variants[1].price = "fifty";
    expect(() => mapProduct(payload, sampleShop)).toThrow("variants.1.price: Expected a decimal amount");
    expect(() => mapProduct({ ...payload, variants: [] }, sampleShop)).toThrow(
      "variants: Array must contain at least 1 element(s)",
    );
    expect(() => mapProduct(fixture("products-delete"), sampleShop)).toThrow("title: Required");
  });
});
