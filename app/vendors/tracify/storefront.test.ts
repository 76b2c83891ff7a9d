import { describe, expect, it } from "vitest";
import { sampleOrder, sampleShop } from "../../domain/samples";
import type { StorefrontEvent } from "../../domain/types";
import { purchaseEvent } from "./mapping";
import { isTracifyStorefrontTopic, storefrontEvent } from "./storefront";

const SITE = "3f2b8c1e-4d5a-4e6f-8a9b-0c1d2e3f4a5b";
const order = sampleOrder({ email: "ada@example.com", browserIp: "203.0.113.7", userAgent: "Mozilla/5.0 Test", landingSite: "/?utm_source=fb" });
const visit = (over: Partial<StorefrontEvent> = {}): StorefrontEvent => ({
  id: "e1", name: "page_viewed", occurredAt: new Date("2026-11-02T11:55:20Z"), url: "https://shop.example/checkouts/cn/abc?step=1",
  referrer: "https://www.facebook.com/", clientId: "c1", ip: "203.0.113.7", userAgent: "Mozilla/5.0 Test", email: " Ada@Example.com",
  data: {}, session: { id: "s1", landingUrl: "https://shop.example/?utm_source=fb&trc_mcmp_id=111" }, ...over,
});

describe("Tracify storefront events", () => {
  it("hash the visitor exactly as the order's purchase does, so Tracify joins them", () => {
    const pageview = storefrontEvent(visit(), sampleShop, SITE);
    const purchase = purchaseEvent(order, sampleShop, SITE);
    if ("skip" in pageview || "skip" in purchase) throw new Error("not mapped");
    expect(pageview.identity_data).toEqual(purchase.identity_data);
    expect(pageview).toMatchObject({ type: "pageview", datetime: "2026-11-02 11:55:20", data: { utm_source: "fb", trc_mcmp_id: "111", Referer: "https://www.facebook.com/" } });
    expect(pageview.url).toMatch(/\/checkouts\/cn\/abc$/);
  });

  it("take page, product and add-to-cart events only, never the checkout's purchase", () => {
    expect(["page_viewed", "product_viewed", "product_added_to_cart"].every((n) => isTracifyStorefrontTopic(`pixel/${n}`))).toBe(true);
    expect(isTracifyStorefrontTopic("pixel/checkout_completed")).toBe(false);
    expect(storefrontEvent(visit({ ip: null }), sampleShop, SITE)).toEqual({ skip: expect.stringContaining("no IP address") });
  });
});
