import { describe, expect, it } from "vitest";
import { shopsNamedBy, staleReason } from "./guard.server";

describe("what a signed payload says about its shop", () => {
  it("reads shop_domain, myshopify_domain, a shop's myshopify domain and myshopify URLs", () => {
    expect(shopsNamedBy("shop/redact", { shop_id: 1, shop_domain: "A.myshopify.com" })).toEqual(["a.myshopify.com"]);
    expect(shopsNamedBy("app/uninstalled", { domain: "b.myshopify.com", myshopify_domain: "b.myshopify.com" })).toEqual(["b.myshopify.com", "b.myshopify.com"]);
    expect(shopsNamedBy("orders/create", { order_status_url: "https://c.myshopify.com/1/orders/x/authenticate?key=k" })).toEqual(["c.myshopify.com"]);
  });

  it("ignores custom domains, notes and bodies that are not objects", () => {
    expect(shopsNamedBy("app/uninstalled", { domain: "shop.example.com" })).toEqual([]);
    expect(shopsNamedBy("orders/create", { note: "from other.myshopify.com", order_status_url: "https://shop.example.com/1/orders/x" })).toEqual([]);
    expect(shopsNamedBy("orders/create", undefined)).toEqual([]);
    expect(shopsNamedBy("orders/create", [1])).toEqual([]);
  });
});

describe("Triggered-At against Shopify's retry window", () => {
  const now = Date.parse("2026-12-03T08:00:00Z");
  it("takes a retry hours old, refuses a day-old replay, a future date and a missing header", () => {
    expect(staleReason("2026-12-03T04:00:00Z", now)).toBeUndefined();
    expect(staleReason("2026-12-02T07:00:00Z", now)).toMatch(/older than Shopify's retry window \(CONDUIT_WEBHOOK_MAX_AGE_HOURS=24\)/);
    expect(staleReason("2026-12-03T09:00:00Z", now)).toMatch(/in the future/);
    expect(staleReason(undefined, now)).toMatch(/missing/);
    expect(staleReason("yesterday", now)).toMatch(/not a date/);
  });
});
