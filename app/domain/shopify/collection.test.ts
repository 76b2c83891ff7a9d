import { describe, expect, it } from "vitest";
import { fixture } from "../../../test/fixtures/shopify";
import { sampleShop } from "../samples";
import { mapCollection } from "./collection";

describe("mapCollection", () => {
  it("maps collections/create with a URL on the primary domain", () => {
    expect(mapCollection(fixture("collections-create"), sampleShop)).toEqual({
      id: "412345678901",
      title: "Summer shirts",
      handle: "summer-shirts",
      url: "https://shop.conduit-demo.test/collections/summer-shirts",
      updatedAt: new Date("2026-11-01T09:00:00Z"),
    });
  });

  it("maps collections/update", () => {
    expect(mapCollection(fixture("collections-update"), sampleShop)).toMatchObject({
      title: "Summer linen shirts",
      updatedAt: new Date("2026-11-04T07:30:00Z"),
    });
  });

  it("falls back to the myshopify domain and tolerates a trailing slash", () => {
    const payload = fixture("collections-create");
    expect(mapCollection(payload, { ...sampleShop, primaryDomain: null }).url).toBe(
      "https://conduit-demo.myshopify.com/collections/summer-shirts",
    );
    expect(mapCollection(payload, { ...sampleShop, primaryDomain: "https://www.example.com/" }).url).toBe(
      "https://www.example.com/collections/summer-shirts",
    );
  });

  it("names the missing field", () => {
    expect(() => mapCollection(fixture("collections-delete"), sampleShop)).toThrow("title: Required");
  });
});
