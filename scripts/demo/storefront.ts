// The demo's storefront part: the app embed's block rendered for one product page of the demo shop
// (with the settings the admin would publish to the conduit.storefront metafield), then the embed's
// real scripts run against a minimal page in which the visitor has consented, so what is printed
// is exactly what the browser would load and call.
import { readFileSync } from "node:fs";
import vm from "node:vm";
import { gzipSync } from "node:zlib";
import { renderBlock } from "../../test/storefront/shop";

const ASSETS = new URL("../../extensions/conduit-embed/assets/", import.meta.url);
const PRODUCT = { id: 8_001_234, title: "Linen shirt", handle: "linen-shirt" };

/** What the page's JavaScript asks the browser for, and every call made on a vendor's global. */
function runEmbed(configJson: string, origin: string) {
  const loads: string[] = [];
  const calls: string[] = [];
  const recorder = (name: string) => new Proxy({}, {
    get: (_t, method) => (...args: unknown[]) => void calls.push(`${name}.${String(method)}(${args.map((a) => JSON.stringify(a)).join(", ")})`),
  });
  const globals: [RegExp, string][] = [[/trk\.mtrl\.me/, "metrilo"], [/cdn\.ometria\.com/, "ometria"], [/tracktor\.s3/, "tio"]];
  const memory = new Map<string, string>();
  const page: Record<string, unknown> = {};
  const document = {
    getElementById: (id: string) => (id === "conduit-config" ? { textContent: configJson } : null),
    createElement: () => ({}),
    addEventListener: () => undefined,
    head: {
      appendChild(script: { src: string; onload?: () => void }) {
        loads.push(script.src);
        const vendor = globals.find(([re]) => re.test(script.src))?.[1];
        // Our own asset is the adapters file; anything else is a vendor's tag, here a recorder.
        if (vendor) page[vendor] = recorder(vendor);
        else vm.runInContext(readFileSync(new URL("conduit-vendors.js", ASSETS), "utf8"), page);
        script.onload?.();
      },
    },
  };
  Object.assign(page, {
    document,
    location: { href: `${origin}/products/${PRODUCT.handle}`, origin },
    sessionStorage: { getItem: (k: string) => memory.get(k) ?? null, setItem: (k: string, v: string) => memory.set(k, v) },
    XMLHttpRequest: class { open() {} },
    fetch: async () => new Response("{}"),
    URL, Promise, JSON, setTimeout,
    // The visitor accepted the consent banner.
    Shopify: {
      loadFeatures(_features: unknown, done: (err?: unknown) => void) {
        (page.Shopify as Record<string, unknown>).customerPrivacy = { analyticsProcessingAllowed: () => true, marketingAllowed: () => true };
        done();
      },
    },
  });
  page.window = page;
  vm.createContext(page);
  vm.runInContext(readFileSync(new URL("conduit.js", ASSETS), "utf8"), page);
  return { loads, calls };
}

export async function storefrontDemo(published: unknown, shopDomain: string): Promise<string[]> {
  const origin = `https://${shopDomain}`;
  const html = (await renderBlock({
    app: { metafields: { conduit: { storefront: { value: published } } } },
    block: { settings: { form_email: "contact[email]" } },
    request: { page_type: "product" },
    canonical_url: `${origin}/products/${PRODUCT.handle}`,
    page_title: PRODUCT.title,
    product: PRODUCT,
    cart: { token: "demo-cart", items: [], total_price: 0, currency: "EUR" },
  })).replace(/\n\s*\n/g, "\n").trim();
  const config = /<script type="application\/json" id="conduit-config">([\s\S]*?)<\/script>/.exec(html)![1];
  // Let the queued promise callbacks (adapter start) run before reading what was called.
  const ran = runEmbed(config, origin);
  await new Promise((r) => setTimeout(r, 50));
  const core = readFileSync(new URL("conduit.js", ASSETS));
  return [
    `Storefront: a product page of ${shopDomain} with the Conduit app embed on renders`,
    ...html.split("\n").map((l) => `  ${l.trim() ? l.replace(/^ {2}/, "") : l}`),
    `  <script src="…/assets/conduit.js" defer></script>   (${core.length} B, ${gzipSync(core).length} B gzipped)`,
    "Before the visitor consents it loads and calls nothing. Once they accept, it loads:",
    ...ran.loads.map((l) => `  ${l}`),
    "and calls:",
    ...ran.calls.map((c) => `  ${c}`),
  ];
}
