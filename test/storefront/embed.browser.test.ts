// The app embed in Chromium on every page type, fed by what the admin really published (vendors
// connected and consent modes set through the admin against the Admin API stand-in), with vendors'
// scripts replaced by stand-ins that record every call: nothing before consent, the right calls
// once it is given on the same page, none after it is withdrawn; cart changes by AJAX and by form;
// the logged-in customer identified, Tracktor through the app proxy with a signature from Conduit.
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from "vitest";
import { SIM_CREDENTIALS } from "../../simulators";
import { createShopifyAdminSimulator } from "../../simulators/shopify-admin";
import { adminFetch } from "../admin/session";
import { chromiumMissing, chromiumSkipReason, launchChromium, screenshot, type Browser } from "../support/browser";
import { startRig, type Rig } from "../support/rig";
import { seedOfflineSession } from "../support/seed";
import { waitFor } from "../support/wait";
import { TEST_SHOP } from "../support/webhooks";
import { ARTICLE, COLLECTION, PRODUCT, SCARF, startStorefront, type Storefront } from "./shop";
import { openRecordedTab, type RecordedTab, type VendorName } from "./standins";

if (chromiumMissing) console.info(chromiumSkipReason);

const { metrilo, ometria, tracktor } = SIM_CREDENTIALS;
const ACCESS_TOKEN = "shpat_embed_browser";
const CUSTOMER = { id: 5115, email: "ada@example.com", first_name: "Ada", last_name: "Lovelace", accepts_marketing: true };
// Tracktor.io's seed vector: identity 5115 signed with the simulator's (the seed's) secret.
const SIGN_5115 = "9622E88BED0B5BC186286CB9504A02E5F3B4207DCA0AB23CA4FBDDFC15627E2F";
const FORM = ["integrateForm", { formSelector: "#newsletter", email: "contact[email]", tags: ["newsletter", "footer"] }];

describe.skipIf(chromiumMissing)("the storefront embed in Chromium", () => {
  let rig: Rig;
  let shop: Storefront;
  let browser: Browser;
  let tab: RecordedTab;
  let published: unknown = null;
  let adminApi: ReturnType<typeof createShopifyAdminSimulator>;

  const admin = (path: string, form: Record<string, string>) => adminFetch(rig.conduit.url, `${path}.data`, { shop: TEST_SHOP, form });
  const url = (path: string) => `${shop.url}${path}`;
  const consent = (analytics: boolean, marketing: boolean) =>
    tab.page.evaluate(([a, m]) => window.Shopify.customerPrivacy.setTrackingConsent({ analytics: a, marketing: m }), [analytics, marketing] as const);
  /** Loads a page and waits until the embed has asked the Customer Privacy API. */
  const visit = async (path: string) => {
    await tab.page.goto(url(path));
    await tab.page.waitForFunction(() => window.Shopify?.customerPrivacy && "Conduit" in window);
  };
  /** Waits until each vendor has had at least the calls expected of it, then compares exactly. */
  const expectCalls = async (expected: Partial<Record<VendorName, unknown[][]>>) => {
    const vendors: VendorName[] = ["metrilo", "ometria", "tracktor"];
    await waitFor("the vendor calls", () => vendors.every((v) => tab.of(v).length >= (expected[v]?.length ?? 0))).catch(() => undefined);
    expect(Object.fromEntries(vendors.map((v) => [v, tab.of(v)]))).toEqual(Object.fromEntries(vendors.map((v) => [v, expected[v] ?? []])));
  };
  /** After a cart change: the embed has re-read /cart.js, and what it then sent has arrived. */
  const cartRead = async (before: number) => {
    await waitFor("the embed to read the cart", () => shop.requests.filter((r) => r === "GET /cart.js").length > before);
    await tab.page.evaluate(() => new Promise((r) => setTimeout(r, 300)));
  };
  const cartReads = () => shop.requests.filter((r) => r === "GET /cart.js").length;
  const ajax = (path: string, body: object) =>
    tab.page.evaluate(([p, b]) => fetch(p, { method: "POST", headers: { "Content-Type": "application/json" }, body: JSON.stringify(b) }).then((r) => r.status), [path, body] as const);

  beforeAll(async () => {
    adminApi = createShopifyAdminSimulator({ accessToken: ACCESS_TOKEN });
    rig = await startRig("sqlite", {}, { admin: adminApi });
    await seedOfflineSession(rig.db, TEST_SHOP, ACCESS_TOKEN);
    // The merchant connects the three vendors with storefront tracking and picks consent modes.
    const send = { "send.customers": "on", "send.orders": "on", "send.storefront": "on" };
    for (const [vendor, fields] of [
      ["metrilo", { "field.apiToken": metrilo.apiToken, "field.apiSecret": metrilo.apiSecret }],
      ["ometria", { "field.apiKey": ometria.apiKey, "field.accountId": ometria.accountId, environment: "live" }],
      ["tracktor", { "field.token": tracktor.token, "field.signatureSecret": tracktor.signatureSecret }],
    ] as const) {
      expect((await admin(`/app/vendors/${vendor}`, { intent: "save", ...fields, ...send })).status).toBe(200);
    }
    expect((await admin("/app/privacy", { intent: "consent", "consent.metrilo": "analytics", "consent.ometria": "marketing", "consent.tracktor": "marketing" })).status).toBe(200);
    published = JSON.parse(adminApi.metafield("conduit", "storefront")!.value);
    shop = await startStorefront({
      metafield: () => published,
      conduitUrl: rig.conduit.url,
      settings: { form_selector: "#newsletter", form_tags: "newsletter, footer" },
    });
    browser = await launchChromium();
  });
  afterAll(async () => {
    await browser?.close();
    await shop?.close();
    await rig?.close();
  });
  // No page may show a console error or an uncaught exception, and nothing may try to leave the machine.
  afterEach(() => {
    expect(tab.errors).toEqual([]);
    expect(tab.blocked).toEqual([]);
  });
  beforeEach(async () => {
    await tab?.page.close();
    shop.reset();
    tab = await openRecordedTab(() => browser.context.newPage(), shop.url);
    // A new visitor: no consent yet, nothing remembered from an earlier test (cleared on a page
    // without the embed, so nothing runs with the previous test's consent).
    await tab.page.goto(url("/checkout"));
    await tab.page.evaluate(() => {
      localStorage.clear();
      sessionStorage.clear();
    });
  });

  it("loads and calls nothing before consent, starts on the same page once given, stops when withdrawn", async () => {
    await visit(`/products/${PRODUCT.handle}`);
    await ajax("/cart/add.js", { id: SCARF.variant, quantity: 1 });
    expect(tab.calls).toEqual([]);
    expect(tab.loads).toEqual([]);
    expect(shop.requests.some((r) => r.startsWith("GET /assets/conduit-vendors.js"))).toBe(false);
    await screenshot(tab.page, "storefront-product-before-consent");

    await consent(true, true);
    await expectCalls({
      metrilo: [["viewProduct", String(PRODUCT.id)], FORM],
      ometria: [["init", "product", { pid: String(PRODUCT.id) }]],
      tracktor: [["track", "viewed-product", { productid: String(PRODUCT.id), name: PRODUCT.title, url: url(`/products/${PRODUCT.handle}`) }]],
    });
    // One request per vendor tag, each the merchant's own account.
    expect(tab.loads.sort()).toEqual([
      `https://cdn.ometria.com/tags/${ometria.accountId}.js`,
      `https://tracktor.s3.amazonaws.com/scripts/${tracktor.token}.js`,
      `https://trk.mtrl.me/tracking.js?token=${metrilo.apiToken}`,
    ]);

    await consent(false, false);
    tab.calls.length = 0;
    const reads = cartReads();
    expect(await ajax("/cart/add.js", { id: PRODUCT.variant, quantity: 2 })).toBe(200);
    await cartRead(reads);
    expect(tab.calls).toEqual([]);
  });

  it("still starts when the script comes before the block's settings, not deferred", async () => {
    await visit("/pages/about?script=first");
    await consent(true, true);
    await expectCalls({ metrilo: [["viewPage", url("/pages/about"), { name: "About us" }], FORM], ometria: [["init", "content"]] });
  });

  it("each vendor waits for its own consent: analytics starts Metrilo only, marketing then the others", async () => {
    await visit("/");
    await consent(true, false);
    await expectCalls({ metrilo: [["viewPage", url("/"), { name: "Conduit test shop" }], FORM] });
    expect(tab.loads).toEqual([`https://trk.mtrl.me/tracking.js?token=${metrilo.apiToken}`]);
    await consent(true, true);
    await expectCalls({ metrilo: [["viewPage", url("/"), { name: "Conduit test shop" }], FORM], ometria: [["init", "homepage"]] });
  });

  it("calls what each page type asks for, once consent was given on an earlier page", async () => {
    await visit("/");
    await consent(true, true);
    const pages: [string, string, Partial<Record<VendorName, unknown[][]>>][] = [
      ["home", "/", { metrilo: [["viewPage", url("/"), { name: "Conduit test shop" }], FORM], ometria: [["init", "homepage"]] }],
      ["collection", `/collections/${COLLECTION.handle}`, { metrilo: [["viewCategory", String(COLLECTION.id)], FORM], ometria: [["init", "listing", { category_id: String(COLLECTION.id) }]] }],
      ["search", "/search?q=linen", { metrilo: [["search", "linen", url("/search?q=linen")], FORM], ometria: [["init", "listing", { search: "linen" }]] }],
      ["article", `/blogs/news/${ARTICLE.handle}`, { metrilo: [["viewArticle", String(ARTICLE.id), { name: ARTICLE.title, url: url(`/blogs/news/${ARTICLE.handle}`) }], FORM], ometria: [["init", "content"]] }],
      ["page", "/pages/about", { metrilo: [["viewPage", url("/pages/about"), { name: "About us" }], FORM], ometria: [["init", "content"]] }],
      ["cart", "/cart", {
        metrilo: [["viewPage", url("/cart"), { name: "Your cart" }], FORM],
        ometria: [["init", "basket"], ["setBasket", { lines: [], id: "c1-conduit-test", total: 0, currency: "EUR", url: url("/cart") }]],
      }],
    ];
    for (const [name, path, expected] of pages) {
      tab.calls.length = 0;
      await visit(path);
      await expectCalls(expected);
      await screenshot(tab.page, `storefront-${name}`);
    }
  });

  it("turns AJAX cart changes into each vendor's add/remove calls with the difference, not the total", async () => {
    await visit(`/products/${PRODUCT.handle}`);
    await consent(true, true);
    await expectCalls({ metrilo: [["viewProduct", String(PRODUCT.id)], FORM], ometria: [["init", "product", { pid: String(PRODUCT.id) }]], tracktor: [["track", "viewed-product", { productid: String(PRODUCT.id), name: PRODUCT.title, url: url(`/products/${PRODUCT.handle}`) }]] });
    const shirtLine = (qty: number) => [String(PRODUCT.id), qty, 25, String(PRODUCT.variant)];
    const tioCart = (qty: number) => ({ totalprice: 25 * qty, products: [{ name: PRODUCT.title, price: 25, count: qty, thumburl: "https://cdn.example/linen-shirt.jpg", product_id: String(PRODUCT.id), variant_id: String(PRODUCT.variant) }] });
    const basket = (qty: number) => ({ id: "c1-conduit-test", total: 25 * qty, currency: "EUR", lines: qty ? [shirtLine(qty)] : [], url: url("/cart") });

    for (const [change, body, expected] of [
      ["/cart/add.js", { id: PRODUCT.variant, quantity: 2 }, { metrilo: [["addToCart", String(PRODUCT.id), 2]], ometria: [["trackAddToBasket", String(PRODUCT.id), 2], ["setBasket", basket(2)]], tracktor: [["setCart", tioCart(2)]] }],
      ["/cart/add.js", { items: [{ id: PRODUCT.variant, quantity: 1 }] }, { metrilo: [["addToCart", String(PRODUCT.id), 1]], ometria: [["trackAddToBasket", String(PRODUCT.id), 1], ["setBasket", basket(3)]], tracktor: [["setCart", tioCart(3)]] }],
      ["/cart/change.js", { id: `${PRODUCT.variant}:k`, quantity: 1 }, { metrilo: [["removeFromCart", String(PRODUCT.id), 2]], ometria: [["setBasket", basket(1)]], tracktor: [["setCart", tioCart(1)]] }],
      ["/cart/update.js", { updates: { [PRODUCT.variant]: 4 } }, { metrilo: [["addToCart", String(PRODUCT.id), 3]], ometria: [["trackAddToBasket", String(PRODUCT.id), 3], ["setBasket", basket(4)]], tracktor: [["setCart", tioCart(4)]] }],
      ["/cart/clear.js", {}, { metrilo: [["removeFromCart", String(PRODUCT.id), 4]], ometria: [["setBasket", basket(0)]], tracktor: [["cancelCart", tioCart(4)]] }],
    ] as const) {
      tab.calls.length = 0;
      const reads = cartReads();
      expect(await ajax(change, body)).toBe(200);
      await cartRead(reads);
      await expectCalls(expected as unknown as Partial<Record<VendorName, unknown[][]>>);
    }
  });

  it("sees a change made with XMLHttpRequest, as older themes make them", async () => {
    await visit(`/collections/${COLLECTION.handle}`);
    await consent(true, false);
    await waitFor("the category view", () => tab.of("metrilo").length >= 1);
    tab.calls.length = 0;
    const reads = cartReads();
    const status = await tab.page.evaluate((variant) => new Promise((resolve) => {
      const x = new XMLHttpRequest();
      x.open("POST", "/cart/add.js");
      x.setRequestHeader("Content-Type", "application/x-www-form-urlencoded");
      x.onload = () => resolve(x.status);
      x.send(`id=${variant}&quantity=2`);
    }), SCARF.variant);
    expect(status).toBe(200);
    await cartRead(reads);
    // Analytics consent only: Metrilo hears of it, the marketing vendors do not.
    await expectCalls({ metrilo: [["addToCart", String(SCARF.id), 2]] });
  });

  it("sees a plain cart form's add on the page it leads to, and the checkout button", async () => {
    await visit(`/products/${PRODUCT.handle}`);
    await consent(true, true);
    await waitFor("the product view", () => tab.of("metrilo").length >= 1);
    tab.calls.length = 0;
    await tab.page.locator("#product-form input[name=quantity]").fill("3");
    await tab.page.getByRole("button", { name: "Add to cart" }).click();
    await tab.page.waitForURL(url("/cart"));
    const tioCart = { totalprice: 75, products: [{ name: PRODUCT.title, price: 25, count: 3, thumburl: "https://cdn.example/linen-shirt.jpg", product_id: String(PRODUCT.id), variant_id: String(PRODUCT.variant) }] };
    const basket = { id: "c1-conduit-test", total: 75, currency: "EUR", lines: [[String(PRODUCT.id), 3, 25, String(PRODUCT.variant)]], url: url("/cart") };
    await expectCalls({
      metrilo: [["viewPage", url("/cart"), { name: "Your cart" }], FORM, ["addToCart", String(PRODUCT.id), 3]],
      ometria: [["init", "basket"], ["setBasket", basket], ["trackAddToBasket", String(PRODUCT.id), 3], ["setBasket", basket]],
      tracktor: [["setCart", tioCart], ["setCart", tioCart]],
    });
    await screenshot(tab.page, "storefront-cart-after-form");
    tab.calls.length = 0;
    await tab.page.getByRole("button", { name: "Check out" }).click();
    await tab.page.waitForURL(url("/checkout"));
    await expectCalls({ metrilo: [["checkout"]], tracktor: [["setCart", tioCart]] });
  });

  it("identifies a logged-in customer to each vendor; Tracktor with the signature from the app proxy", async () => {
    shop.logIn(CUSTOMER);
    await visit(`/products/${PRODUCT.handle}`);
    await consent(true, true);
    await expectCalls({
      metrilo: [["identify", CUSTOMER.email], ["customerDetails", { firstName: "Ada", lastName: "Lovelace", subscribed: true }], ["viewProduct", String(PRODUCT.id)], FORM],
      ometria: [["init", "product", { pid: String(PRODUCT.id) }], ["identify", CUSTOMER.email]],
      tracktor: [["identify", String(CUSTOMER.id), SIGN_5115], ["track", "viewed-product", { productid: String(PRODUCT.id), name: PRODUCT.title, url: url(`/products/${PRODUCT.handle}`) }]],
    });
    expect(shop.requests).toContain("GET /apps/conduit/tracktor/identity");
    // The page never holds the secret; the signature came from Conduit.
    expect(await tab.page.content()).not.toContain(tracktor.signatureSecret);
    // Once a session is enough: the next page identifies to nobody again but Ometria.
    tab.calls.length = 0;
    await visit(`/collections/${COLLECTION.handle}`);
    await expectCalls({ metrilo: [["viewCategory", String(COLLECTION.id)], FORM], ometria: [["init", "listing", { category_id: String(COLLECTION.id) }], ["identify", CUSTOMER.email]] });
  });

  it("tracks without asking when the merchant chose 'no consent needed' for a vendor, and only that vendor", async () => {
    expect((await admin("/app/privacy", { intent: "consent", "consent.metrilo": "none", "consent.ometria": "marketing", "consent.tracktor": "marketing" })).status).toBe(200);
    const before = published;
    published = JSON.parse(adminApi.metafield("conduit", "storefront")!.value);
    try {
      await visit("/pages/about");
      await expectCalls({ metrilo: [["viewPage", url("/pages/about"), { name: "About us" }], FORM] });
      expect(tab.loads).toEqual([`https://trk.mtrl.me/tracking.js?token=${metrilo.apiToken}`]);
    } finally {
      published = before;
    }
  });
});

declare global {
  interface Window {
    Shopify: { customerPrivacy: { setTrackingConsent(c: { analytics: boolean; marketing: boolean }): void } };
  }
}
