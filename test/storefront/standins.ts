// Stand-ins for what a storefront page gets from elsewhere: Shopify's Customer Privacy API (what a
// consent banner drives) and each vendor's script, served in place of the real one at its real URL
// and recording every call made on it — so a test sees exactly what would have reached each vendor.
import type { Page } from "playwright-core";

/**
 * `Shopify.loadFeatures([{name: 'consent-tracking-api'}], cb)` then `Shopify.customerPrivacy`: the
 * visitor's choice survives page loads (Shopify keeps it in a cookie; here localStorage), and
 * `setTrackingConsent` fires `visitorConsentCollected` with the theme-side detail keys.
 */
export const CUSTOMER_PRIVACY_STANDIN = `(() => {
  const read = () => JSON.parse(localStorage.getItem("test-consent") || "{}");
  const api = {
    analyticsProcessingAllowed: () => read().analytics === true,
    marketingAllowed: () => read().marketing === true,
    setTrackingConsent(c, done) {
      localStorage.setItem("test-consent", JSON.stringify(c));
      document.dispatchEvent(new CustomEvent("visitorConsentCollected", { detail: {
        analyticsAllowed: c.analytics === true, marketingAllowed: c.marketing === true, preferencesAllowed: false, saleOfDataAllowed: false } }));
      if (done) done();
    },
  };
  window.Shopify = { loadFeatures(features, cb) { setTimeout(() => { window.Shopify.customerPrivacy = api; cb(); }, 20); } };
})();`;

export type VendorName = "metrilo" | "ometria" | "tracktor";
export interface VendorCall {
  vendor: VendorName;
  method: string;
  args: unknown[];
}

// Each stand-in defines the vendor's global with every method recording its call. Ometria's Basket
// is a builder: what it was given is recorded as a plain object when setBasket receives it.
const recorder = (vendor: VendorName, global: string) => `(() => {
  const record = (method) => (...args) => { window.conduitTestRecord(${JSON.stringify(vendor)}, method, JSON.parse(JSON.stringify(args))); };
  class Basket {
    constructor() { this.lines = []; }
    setId(id) { this.id = id; } setTotal(total, currency) { this.total = total; this.currency = currency; }
    addLineItem(...line) { this.lines.push(line); } setUrl(url) { this.url = url; }
  }
  const target = { Basket };
  window[${JSON.stringify(global)}] = new Proxy(target, { get: (t, name) => (name in t ? t[name] : record(String(name))) });
})();`;

export const VENDOR_SCRIPTS: { vendor: VendorName; url: RegExp; body: string }[] = [
  { vendor: "metrilo", url: /^https:\/\/trk\.mtrl\.me\/tracking\.js\?token=/, body: recorder("metrilo", "metrilo") },
  { vendor: "ometria", url: /^https:\/\/cdn\.ometria\.com\/tags\/[^/]+\.js$/, body: recorder("ometria", "ometria") },
  { vendor: "tracktor", url: /^https:\/\/tracktor\.s3\.amazonaws\.com\/scripts\/[^/]+\.js$/, body: recorder("tracktor", "tio") },
];

export interface RecordedTab {
  page: Page;
  calls: VendorCall[];
  /** Vendor script URLs the page loaded. */
  loads: string[];
  /** Uncaught errors and console errors. */
  errors: string[];
  /** Requests to anywhere else, refused. */
  blocked: string[];
  /** The calls so far, per vendor, without the vendor name. */
  of(vendor: VendorName): [string, ...unknown[]][];
}

export async function openRecordedTab(newPage: () => Promise<Page>, shopOrigin: string): Promise<RecordedTab> {
  const page = await newPage();
  page.setDefaultTimeout(10_000);
  const tab: RecordedTab = {
    page,
    calls: [],
    loads: [],
    errors: [],
    blocked: [],
    of: (vendor) => tab.calls.filter((c) => c.vendor === vendor).map((c) => [c.method, ...c.args]),
  };
  page.on("pageerror", (err) => tab.errors.push(err.message));
  page.on("console", (msg) => {
    if (msg.type() === "error") tab.errors.push(msg.text());
  });
  await page.exposeFunction("conduitTestRecord", (vendor: VendorName, method: string, args: unknown[]) => {
    tab.calls.push({ vendor, method, args });
  });
  await page.route("**/*", (route) => {
    const url = route.request().url();
    if (new URL(url).origin === shopOrigin) return route.continue();
    const script = VENDOR_SCRIPTS.find((s) => s.url.test(url));
    if (script) {
      tab.loads.push(url);
      return route.fulfill({ contentType: "text/javascript", body: script.body });
    }
    tab.blocked.push(url);
    return route.abort("blockedbyclient");
  });
  return tab;
}
