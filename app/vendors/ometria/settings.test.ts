import { describe, expect, it } from "vitest";
import { ometria } from "./index";

const { schema, fields } = ometria.settings;
const valid = { apiKey: "key-123", accountId: "a1b2c3d4" };

function problems(input: unknown) {
  const result = schema.safeParse(input);
  return result.success ? [] : result.error.issues.map((i) => `${i.path.join(".")}: ${i.message}`);
}

describe("Ometria settings", () => {
  it("accepts an API key and account ID, treating empty optional fields as absent", () => {
    const parsed = schema.parse({ ...valid, headlessUrl: "", headlessKey: " " });
    expect(parsed).toEqual(valid);
  });

  it("names the field and the reason for each problem", () => {
    expect(problems({})).toEqual(["apiKey: API key is required", "accountId: Account ID is required"]);
    expect(problems({ ...valid, accountId: "cdn.ometria.com/tags/abc.js" })).toEqual([
      "accountId: Account ID must contain only letters and digits (the hash in your Ometria tag URL)",
    ]);
    expect(problems({ ...valid, headlessUrl: "http://abc.store-xyz.ometria.services" })[0]).toMatch(/^headlessUrl: Headless tracking URL must be a full https:\/\//);
  });

  it("requires the headless key and secret once a headless URL is set", () => {
    expect(problems({ ...valid, headlessUrl: "https://abc.store-xyz.ometria.services" })).toEqual([
      "headlessKey: Headless API key is required when a headless tracking URL is set",
      "headlessSecret: Headless API secret is required when a headless tracking URL is set",
    ]);
  });

  it("marks exactly the keys and secrets as secret, with the fixed keys", () => {
    expect(fields.map((f) => [f.key, f.secret, f.required])).toEqual([
      ["apiKey", true, true],
      ["accountId", false, true],
      ["headlessUrl", false, false],
      ["headlessKey", true, false],
      ["headlessSecret", true, false],
    ]);
  });

  it("publishes only the account ID and headless URL to the storefront", () => {
    const full = { ...valid, headlessUrl: "https://abc.store-xyz.ometria.services", headlessKey: "k", headlessSecret: "s" };
    expect(ometria.publicSettings(schema.parse(full))).toEqual({ accountId: "a1b2c3d4", headlessUrl: "https://abc.store-xyz.ometria.services" });
    expect(ometria.publicSettings(schema.parse(valid))).toEqual({ accountId: "a1b2c3d4" });
  });

  it("wants contacts, products (including deletions), orders and the headless API's pixel events", () => {
    expect(ometria.accepts("customer", "upsert", "customers/update")).toBe(true);
    expect(ometria.accepts("customer", "delete", "customers/delete")).toBe(false);
    expect(ometria.accepts("product", "delete", "products/delete")).toBe(true);
    expect(ometria.accepts("order", "upsert", "orders/cancelled")).toBe(true);
    expect(ometria.accepts("category", "upsert", "collections/update")).toBe(false);
    expect(ometria.accepts("storefront_event", "upsert", "pixel/product_added_to_cart")).toBe(true);
    expect(ometria.accepts("storefront_event", "upsert", "pixel/page_viewed")).toBe(false);
    expect(ometria.accepts("storefront_event", "upsert", "pixel/checkout_completed")).toBe(false);
  });
});
