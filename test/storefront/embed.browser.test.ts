// The app embed in Chromium on every page type, fed by what the admin really published, with the
// vendors' scripts replaced by stand-ins recording every call: nothing before consent, the right
// calls once it is given on the same page (per vendor, per the merchant's consent mode), none after
// it is withdrawn.
import { describe, expect, it } from "vitest";
import { SIM_CREDENTIALS } from "../../simulators";
import { chromiumMissing, chromiumSkipReason, screenshot } from "../support/browser";
import { ARTICLE, COLLECTION, PRODUCT, SCARF } from "./shop";
import type { VendorName } from "./standins";
import { FORM, useStorefrontWorld } from "./world";

if (chromiumMissing) console.info(chromiumSkipReason);

const { metrilo, ometria, tracktor } = SIM_CREDENTIALS;

describe.skipIf(chromiumMissing)("the storefront embed in Chromium: consent and page types", () => {
  const w = useStorefrontWorld();

  it("loads and calls nothing before consent, starts on the same page once given, stops when withdrawn", async () => {
    await w.visit(`/products/${PRODUCT.handle}`);
    await w.ajax("/cart/add.js", { id: SCARF.variant, quantity: 1 });
    expect(w.tab.calls).toEqual([]);
    expect(w.tab.loads).toEqual([]);
    expect(w.shop.requests.some((r) => r.startsWith("GET /assets/conduit-vendors.js"))).toBe(false);
    await screenshot(w.tab.page, "storefront-product-before-consent");

    await w.consent(true, true);
    await w.expectCalls({
      metrilo: [["viewProduct", String(PRODUCT.id)], FORM],
      ometria: [["init", "product", { pid: String(PRODUCT.id) }]],
      tracktor: [["track", "viewed-product", { productid: String(PRODUCT.id), name: PRODUCT.title, url: w.url(`/products/${PRODUCT.handle}`) }]],
    });
    // One request per vendor tag, each the merchant's own account.
    expect(w.tab.loads.sort()).toEqual([
      `https://cdn.ometria.com/tags/${ometria.accountId}.js`,
      `https://tracktor.s3.amazonaws.com/scripts/${tracktor.token}.js`,
      `https://trk.mtrl.me/tracking.js?token=${metrilo.apiToken}`,
    ]);

    await w.consent(false, false);
    w.tab.calls.length = 0;
    const reads = w.cartReads();
    expect(await w.ajax("/cart/add.js", { id: PRODUCT.variant, quantity: 2 })).toBe(200);
    await w.cartRead(reads);
    expect(w.tab.calls).toEqual([]);
  });

  it("still starts when the script comes before the block's settings, not deferred", async () => {
    await w.visit("/pages/about?script=first");
    await w.consent(true, true);
    await w.expectCalls({ metrilo: [["viewPage", w.url("/pages/about"), { name: "About us" }], FORM], ometria: [["init", "content"]] });
  });

  it("each vendor waits for its own consent: analytics starts Metrilo only, marketing then the others", async () => {
    await w.visit("/");
    await w.consent(true, false);
    await w.expectCalls({ metrilo: [["viewPage", w.url("/"), { name: "Conduit test shop" }], FORM] });
    expect(w.tab.loads).toEqual([`https://trk.mtrl.me/tracking.js?token=${metrilo.apiToken}`]);
    await w.consent(true, true);
    await w.expectCalls({ metrilo: [["viewPage", w.url("/"), { name: "Conduit test shop" }], FORM], ometria: [["init", "homepage"]] });
  });

  it("calls what each page type asks for, once consent was given on an earlier page", async () => {
    await w.visit("/");
    await w.consent(true, true);
    const pages: [string, string, Partial<Record<VendorName, unknown[][]>>][] = [
      ["home", "/", { metrilo: [["viewPage", w.url("/"), { name: "Conduit test shop" }], FORM], ometria: [["init", "homepage"]] }],
      ["collection", `/collections/${COLLECTION.handle}`, { metrilo: [["viewCategory", String(COLLECTION.id)], FORM], ometria: [["init", "listing", { category_id: String(COLLECTION.id) }]] }],
      ["search", "/search?q=linen", { metrilo: [["search", "linen", w.url("/search?q=linen")], FORM], ometria: [["init", "listing", { search: "linen" }]] }],
      ["article", `/blogs/news/${ARTICLE.handle}`, { metrilo: [["viewArticle", String(ARTICLE.id), { name: ARTICLE.title, url: w.url(`/blogs/news/${ARTICLE.handle}`) }], FORM], ometria: [["init", "content"]] }],
      ["page", "/pages/about", { metrilo: [["viewPage", w.url("/pages/about"), { name: "About us" }], FORM], ometria: [["init", "content"]] }],
      ["cart", "/cart", {
        metrilo: [["viewPage", w.url("/cart"), { name: "Your cart" }], FORM],
        ometria: [["init", "basket"], ["setBasket", { lines: [], id: "c1-conduit-test", total: 0, currency: "EUR", url: w.url("/cart") }]],
      }],
    ];
    for (const [name, path, expected] of pages) {
      w.tab.calls.length = 0;
      await w.visit(path);
      await w.expectCalls(expected);
      await screenshot(w.tab.page, `storefront-${name}`);
    }
  });

  it("tracks without asking when the merchant chose 'no consent needed' for a vendor, and only that vendor", async () => {
    expect((await w.admin("/app/privacy", { intent: "consent", "consent.metrilo": "none", "consent.ometria": "marketing", "consent.tracktor": "marketing" })).status).toBe(200);
    const before = w.published;
    w.published = JSON.parse(w.adminApi.metafield("conduit", "storefront")!.value);
    try {
      await w.visit("/pages/about");
      await w.expectCalls({ metrilo: [["viewPage", w.url("/pages/about"), { name: "About us" }], FORM] });
      expect(w.tab.loads).toEqual([`https://trk.mtrl.me/tracking.js?token=${metrilo.apiToken}`]);
    } finally {
      w.published = before;
    }
  });
});
