import { describe, expect, it } from "vitest";
import { metrilo } from ".";

const { schema, fields } = metrilo.settings;

describe("metrilo settings", () => {
  it("has the public token and the secret, by their fixed keys", () => {
    expect(fields.map((f) => [f.key, f.secret, f.required])).toEqual([
      ["apiToken", false, true],
      ["apiSecret", true, true],
    ]);
  });

  it("names the field and the reason when a value is missing or malformed", () => {
    const result = schema.safeParse({ apiToken: "abc 123" });
    expect(result.success).toBe(false);
    expect(result.error?.issues.map((i) => [i.path.join("."), i.message])).toEqual([
      ["apiToken", "API token must not contain spaces"],
      ["apiSecret", "API secret is required"],
    ]);
  });

  it("trims pasted values", () => {
    expect(schema.parse({ apiToken: " tok ", apiSecret: "sec\n" })).toEqual({ apiToken: "tok", apiSecret: "sec" });
  });

  it("publishes only the token to the storefront", () => {
    expect(metrilo.publicSettings({ apiToken: "tok", apiSecret: "sec" })).toEqual({ apiToken: "tok" });
  });

  it("accepts upserts of customers, collections, products and orders, and no deletes", () => {
    expect(metrilo.accepts("order", "upsert", "orders/updated")).toBe(true);
    expect(metrilo.accepts("category", "upsert", "collections/update")).toBe(true);
    expect(metrilo.accepts("product", "delete", "products/delete")).toBe(false);
    expect(metrilo.accepts("storefront_event", "upsert", "pixel")).toBe(false);
  });
});
