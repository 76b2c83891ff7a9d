// One storefront world for the embed's Chromium suites: Conduit (with the Admin API stand-in) where
// the merchant connected Metrilo, Ometria and Tracktor.io through the admin and chose consent modes
// (Metrilo on analytics, the others on marketing); the storefront rendering the embed with what the
// admin published; Chromium with a fresh visitor per test, whose vendor calls are recorded.
import { afterAll, afterEach, beforeAll, beforeEach, expect } from "vitest";
import { SIM_CREDENTIALS } from "../../simulators";
import { createShopifyAdminSimulator, type ShopifyAdminSimulator } from "../../simulators/shopify-admin";
import { adminFetch } from "../admin/session";
import { launchChromium, type Browser } from "../support/browser";
import { startRig, type Rig } from "../support/rig";
import { seedOfflineSession } from "../support/seed";
import { waitFor } from "../support/wait";
import { TEST_SHOP } from "../support/webhooks";
import { startStorefront, type Storefront } from "./shop";
import { openRecordedTab, type RecordedTab, type VendorName } from "./standins";

const { metrilo, ometria, tracktor } = SIM_CREDENTIALS;
const ACCESS_TOKEN = "shpat_embed_browser";
/** What Metrilo is asked on every page: the newsletter form the merchant named in the embed's settings. */
export const FORM = ["integrateForm", { formSelector: "#newsletter", email: "contact[email]", tags: ["newsletter", "footer"] }];

export interface World {
  rig: Rig;
  adminApi: ShopifyAdminSimulator;
  shop: Storefront;
  tab: RecordedTab;
  /** The metafield value the storefront renders (replace it to change what the embed sees). */
  published: unknown;
  admin(path: string, form: Record<string, string>): Promise<Response>;
  url(path: string): string;
  consent(analytics: boolean, marketing: boolean): Promise<void>;
  visit(path: string): Promise<void>;
  expectCalls(expected: Partial<Record<VendorName, unknown[][]>>): Promise<void>;
  cartReads(): number;
  cartRead(before: number): Promise<void>;
  ajax(path: string, body: object): Promise<number>;
}

/** Registers the suite's hooks; the returned world is ready inside each test. */
export function useStorefrontWorld(): World {
  let browser: Browser;
  const w = {
    admin: (path, form) => adminFetch(w.rig.conduit.url, `${path}.data`, { shop: TEST_SHOP, form }),
    url: (path) => `${w.shop.url}${path}`,
    consent: (analytics, marketing) =>
      w.tab.page.evaluate(([a, m]) => window.Shopify.customerPrivacy.setTrackingConsent({ analytics: a, marketing: m }), [analytics, marketing] as const),
    /** Loads a page and waits until the embed has asked the Customer Privacy API. */
    async visit(path) {
      await w.tab.page.goto(w.url(path));
      await w.tab.page.waitForFunction(() => window.Shopify?.customerPrivacy && "Conduit" in window);
    },
    /** Waits until each vendor has had at least the calls expected of it, then compares exactly. */
    async expectCalls(expected) {
      const vendors: VendorName[] = ["metrilo", "ometria", "tracktor"];
      await waitFor("the vendor calls", () => vendors.every((v) => w.tab.of(v).length >= (expected[v]?.length ?? 0))).catch(() => undefined);
      expect(Object.fromEntries(vendors.map((v) => [v, w.tab.of(v)]))).toEqual(Object.fromEntries(vendors.map((v) => [v, expected[v] ?? []])));
    },
    cartReads: () => w.shop.requests.filter((r) => r === "GET /cart.js").length,
    /** After a cart change: the embed has re-read /cart.js, and what it then sent has arrived. */
    async cartRead(before) {
      await waitFor("the embed to read the cart", () => w.cartReads() > before);
      await w.tab.page.evaluate(() => new Promise((r) => setTimeout(r, 300)));
    },
    ajax: (path, body) =>
      w.tab.page.evaluate(([p, b]) => fetch(p, { method: "POST", headers: { "Content-Type": "application/json" }, body: JSON.stringify(b) }).then((r) => r.status), [path, body] as const),
  } as World;

  beforeAll(async () => {
    w.adminApi = createShopifyAdminSimulator({ accessToken: ACCESS_TOKEN });
    w.rig = await startRig("sqlite", {}, { admin: w.adminApi });
    await seedOfflineSession(w.rig.db, TEST_SHOP, ACCESS_TOKEN);
    const send = { "send.customers": "on", "send.orders": "on", "send.storefront": "on" };
    for (const [vendor, fields] of [
      ["metrilo", { "field.apiToken": metrilo.apiToken, "field.apiSecret": metrilo.apiSecret }],
      ["ometria", { "field.apiKey": ometria.apiKey, "field.accountId": ometria.accountId, environment: "live" }],
      ["tracktor", { "field.token": tracktor.token, "field.signatureSecret": tracktor.signatureSecret }],
    ] as const) {
      expect((await w.admin(`/app/vendors/${vendor}`, { intent: "save", ...fields, ...send })).status).toBe(200);
    }
    expect((await w.admin("/app/privacy", { intent: "consent", "consent.metrilo": "analytics", "consent.ometria": "marketing", "consent.tracktor": "marketing" })).status).toBe(200);
    w.published = JSON.parse(w.adminApi.metafield("conduit", "storefront")!.value);
    w.shop = await startStorefront({
      metafield: () => w.published,
      conduitUrl: w.rig.conduit.url,
      settings: { form_selector: "#newsletter", form_tags: "newsletter, footer" },
    });
    browser = await launchChromium();
  });
  afterAll(async () => {
    await browser?.close();
    await w.shop?.close();
    await w.rig?.close();
  });
  beforeEach(async () => {
    await w.tab?.page.close();
    w.shop.reset();
    w.tab = await openRecordedTab(() => browser.context.newPage(), w.shop.url);
    // A new visitor: no consent yet, nothing remembered from an earlier test (cleared on a page
    // without the embed, so nothing runs with the previous test's consent).
    await w.tab.page.goto(w.url("/checkout"));
    await w.tab.page.evaluate(() => {
      localStorage.clear();
      sessionStorage.clear();
    });
  });
  // No page may show a console error or an uncaught exception, and nothing may try to leave the machine.
  afterEach(() => {
    expect(w.tab.errors).toEqual([]);
    expect(w.tab.blocked).toEqual([]);
  });
  return w;
}

declare global {
  interface Window {
    Shopify: { customerPrivacy: { setTrackingConsent(c: { analytics: boolean; marketing: boolean }): void } };
  }
}
