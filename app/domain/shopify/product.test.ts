import { describe, expect, it } from "vitest";
import { fixture } from "../../../test/fixtures/shopify";
import { sampleShop } from "../samples";
import { mapProduct } from "./product";

const IMAGES = "https://cdn.shopify.com/s/files/1/0712/3456/7890/files";

describe("mapProduct", () => {
  it("maps products/create: variants, images, lowest price, no collections known", () => {
    expect(mapProduct(fixture("products-create"), sampleShop)).toEqual({
      id: "8901234567890",
      title: "Linen shirt",
      handle: "linen-shirt",
      url: "https://shop.conduit-demo.test/products/linen-shirt",
      status: "active",
      vendor: "Conduit Demo",
      productType: "Shirts",
      tags: ["linen", "summer"],
      imageUrl: `${IMAGES}/linen-shirt.jpg?v=1793526600`,
      price: 49.5,
      categoryIds: null,
      variants: [
        {
          id: "47012345678901",
          productId: "8901234567890",
          title: "S",
          sku: "LIN-S",
          price: 49.5,
          compareAtPrice: null,
          position: 1,
          imageUrl: null,
          updatedAt: new Date("2026-11-01T09:30:00Z"),
        },
        {
          id: "47012345678902",
          productId: "8901234567890",
          title: "M",
          sku: "LIN-M",
          price: 52,
          compareAtPrice: 60,
          position: 2,
          imageUrl: `${IMAGES}/linen-shirt-m.jpg?v=1793526600`,
          updatedAt: new Date("2026-11-01T09:30:00Z"),
        },
      ],
      createdAt: new Date("2026-11-01T09:30:00Z"),
      updatedAt: new Date("2026-11-01T09:30:00Z"),
    });
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
