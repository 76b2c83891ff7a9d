// A storefront for one visitor, as Shopify would serve it with Conduit's app embed switched on:
// each page type rendered by liquidjs from the embed's own block (with the Shopify objects and
// filters it uses), the block's schema `javascript` file injected the way Shopify injects it, the
// embed's assets, the AJAX cart API and cart forms, and the app proxy forwarding /apps/conduit/* to
// Conduit with Shopify's signature. `requests` lists every path asked, for the tests to inspect.
import { readFileSync } from "node:fs";
import http from "node:http";
import type { AddressInfo } from "node:net";
import path from "node:path";
import { Liquid } from "liquidjs";
import { TEST_SHOP } from "../support/webhooks";
import { proxyParams } from "./app-proxy";
import { CUSTOMER_PRIVACY_STANDIN } from "./standins";

export const EMBED_DIR = path.resolve("extensions/conduit-embed");
const BLOCK = readFileSync(path.join(EMBED_DIR, "blocks/conduit-tracking.liquid"), "utf8");
const SCHEMA = JSON.parse(/{%\s*schema\s*%}([\s\S]*?){%\s*endschema\s*%}/.exec(BLOCK)![1]) as { javascript: string; settings: { id?: string; default?: string }[] };

export const PRODUCT = { id: 7001, title: "Linen shirt", handle: "linen-shirt", variant: 41001, price: 2500 };
export const SCARF = { id: 7002, title: "Wool scarf", handle: "wool-scarf", variant: 41002, price: 1800 };
export const COLLECTION = { id: 501, title: "Shirts", handle: "shirts" };
export const ARTICLE = { id: 9001, title: "How linen is made", handle: "how-linen-is-made" };
const VARIANTS = new Map([PRODUCT, SCARF].map((p) => [p.variant, p]));

interface Line { variant: number; quantity: number }
export interface Customer { id: number; email: string; first_name: string; last_name: string; accepts_marketing: boolean }

const engine = new Liquid({ strictFilters: true });
// Shopify's {% schema %} renders nothing.
engine.registerTag("schema", {
  parse(_token, remaining) {
    for (let t = remaining.shift(); t; t = remaining.shift()) if ("name" in t && (t as { name: string }).name === "endschema") return;
    throw new Error("{% schema %} is not closed");
  },
  render: () => "",
});
// Shopify's json escapes what could close the <script> it is written into.
engine.registerFilter("json", (v: unknown) => JSON.stringify(v ?? null).replace(/</g, "\\u003c").replace(/>/g, "\\u003e"));
engine.registerFilter("asset_url", (name: string) => `/assets/${name}`);
const block = engine.parse(BLOCK);

/** The embed block rendered in a Liquid context (Shopify's objects, as a page would have them). */
export const renderBlock = (context: Record<string, unknown>): Promise<string> => engine.render(block, context);

export interface StorefrontOptions {
  /** The value of the app-owned metafield conduit.storefront, as the admin published it. */
  metafield: () => unknown;
  /** Where Shopify's app proxy forwards /apps/conduit/* (Conduit's /proxy). */
  conduitUrl: string;
  /** The embed's settings as the merchant set them in the theme editor. */
  settings?: Record<string, string>;
}

export async function startStorefront(opts: StorefrontOptions) {
  const requests: string[] = [];
  let lines: Line[] = [];
  let customer: Customer | null = null;
  const origin = () => `http://127.0.0.1:${port}`;

  const cartJson = () => {
    const items = lines.map((l) => {
      const p = VARIANTS.get(l.variant)!;
      return {
        key: `${l.variant}:k`, id: l.variant, variant_id: l.variant, product_id: p.id, quantity: l.quantity, price: p.price, final_price: p.price,
        title: p.title, product_title: p.title, url: `/products/${p.handle}?variant=${l.variant}`, image: `https://cdn.example/${p.handle}.jpg`,
      };
    });
    const total = items.reduce((s, i) => s + i.price * i.quantity, 0);
    return { token: "c1-conduit-test", items, item_count: items.reduce((s, i) => s + i.quantity, 0), total_price: total, currency: "EUR" };
  };
  const setQuantity = (variant: number, quantity: number, add = false) => {
    if (!VARIANTS.has(variant)) throw new Error(`no variant ${variant}`);
    const line = lines.find((l) => l.variant === variant);
    const next = (add && line ? line.quantity : 0) + quantity;
    lines = lines.filter((l) => l.variant !== variant);
    if (next > 0) lines.push({ variant, quantity: next });
  };

  async function render(type: string, url: URL, title: string, extra: Record<string, unknown>, body: string): Promise<string> {
    const defaults = Object.fromEntries(SCHEMA.settings.filter((s) => s.id).map((s) => [s.id, s.default ?? ""]));
    const embed = await renderBlock({
      app: { metafields: { conduit: { storefront: { value: opts.metafield() } } } },
      block: { settings: { ...defaults, ...opts.settings } },
      request: { page_type: type },
      canonical_url: `${origin()}${url.pathname}`,
      page_title: title,
      customer,
      cart: cartJson(),
      ...extra,
    });
    // ?script=first: the schema's script before the block's output and not deferred, in case
    // Shopify ever injects it that way.
    const script = url.searchParams.get("script") === "first" ? "" : `<script src="/assets/${SCHEMA.javascript}" defer></script>`;
    const early = script ? "" : `<script src="/assets/${SCHEMA.javascript}"></script>`;
    return `<!doctype html><html lang="en"><head><meta charset="utf-8"><title>${title}</title>
<script>${CUSTOMER_PRIVACY_STANDIN}</script>
${early}
${embed}
${script}
<style>body{font:16px system-ui;margin:2rem} form{margin:1rem 0}</style>
</head><body><h1>${title}</h1>${body}
<footer><form id="newsletter" action="/contact" method="post"><input name="contact[email]" aria-label="Email"><button>Subscribe</button></form></footer>
</body></html>`;
  }

  const productForm = (p: typeof PRODUCT) =>
    `<form action="/cart/add" method="post" id="product-form"><input type="hidden" name="id" value="${p.variant}"><input name="quantity" value="1" aria-label="Quantity"><button type="submit">Add to cart</button></form>`;

  async function page(url: URL): Promise<string | null> {
    const p = url.pathname;
    if (p === "/") return render("index", url, "Conduit test shop", {}, "<p>Welcome</p>");
    if (p === `/products/${PRODUCT.handle}`) return render("product", url, PRODUCT.title, { product: PRODUCT }, productForm(PRODUCT));
    if (p === `/collections/${COLLECTION.handle}`) return render("collection", url, COLLECTION.title, { collection: COLLECTION }, `<a href="/products/${PRODUCT.handle}">${PRODUCT.title}</a>`);
    if (p === "/search") return render("search", url, "Search", { search: { terms: url.searchParams.get("q") ?? "", performed: true } }, "<p>Results</p>");
    if (p === `/blogs/news/${ARTICLE.handle}`) return render("article", url, ARTICLE.title, { article: ARTICLE }, "<p>Story</p>");
    if (p === "/pages/about") return render("page", url, "About us", { page: { id: 301, title: "About us" } }, "<p>About</p>");
    if (p === "/cart") {
      const rows = cartJson().items.map((i) => `<li>${i.title} × ${i.quantity}</li>`).join("");
      return render("cart", url, "Your cart", {}, `<ul>${rows}</ul><form action="/cart" method="post"><button type="submit" name="checkout">Check out</button></form>`);
    }
    return null;
  }

  async function cartApi(req: http.IncomingMessage, p: string, text: string): Promise<object | null> {
    const body = (req.headers["content-type"] ?? "").includes("json") ? JSON.parse(text || "{}") : Object.fromEntries(new URLSearchParams(text));
    if (p === "/cart/add.js") {
      const items: { id: number | string; quantity?: number | string }[] = body.items ?? [body];
      for (const i of items) setQuantity(Number(i.id), Number(i.quantity ?? 1), true);
      return body.items ? { items } : cartJson().items.find((i) => i.variant_id === Number(body.id)) ?? {};
    }
    if (p === "/cart/change.js") setQuantity(Number(String(body.id).split(":")[0]), Number(body.quantity));
    else if (p === "/cart/update.js") for (const [v, q] of Object.entries(body.updates ?? {})) setQuantity(Number(v), Number(q));
    else if (p === "/cart/clear.js") lines = [];
    else return null;
    return cartJson();
  }

  const server = http.createServer(async (req, res) => {
    const url = new URL(req.url ?? "/", origin());
    requests.push(`${req.method} ${url.pathname}${url.search}`);
    const chunks: Buffer[] = [];
    for await (const c of req) chunks.push(c as Buffer);
    const text = Buffer.concat(chunks).toString("utf8");
    const send = (status: number, type: string, body: string, headers: Record<string, string> = {}) => {
      res.writeHead(status, { "Content-Type": type, ...headers });
      res.end(body);
    };
    try {
      if (url.pathname.startsWith("/assets/")) return send(200, "text/javascript", readFileSync(path.join(EMBED_DIR, "assets", path.basename(url.pathname)), "utf8"));
      if (url.pathname === "/cart.js") return send(200, "application/json", JSON.stringify(cartJson()));
      if (req.method === "POST" && url.pathname === "/cart/add") {
        const form = new URLSearchParams(text);
        setQuantity(Number(form.get("id")), Number(form.get("quantity") ?? 1), true);
        return send(302, "text/plain", "", { Location: "/cart" });
      }
      if (req.method === "POST" && url.pathname === "/cart") return send(302, "text/plain", "", { Location: "/checkout" });
      if (url.pathname === "/checkout") return send(200, "text/html", "<!doctype html><title>Checkout</title><h1>Checkout</h1>");
      if (req.method === "POST" && url.pathname.startsWith("/cart/")) {
        const answer = await cartApi(req, url.pathname, text);
        if (answer) return send(200, "application/json", JSON.stringify(answer));
      }
      if (url.pathname.startsWith("/apps/conduit/")) {
        // Shopify's app proxy: the shopper's own session decides logged_in_customer_id, then it signs.
        const forwarded = await fetch(`${opts.conduitUrl}/proxy/${url.pathname.slice("/apps/conduit/".length)}?${proxyParams({ shop: TEST_SHOP, customer: customer ? String(customer.id) : "" })}`);
        return send(forwarded.status, forwarded.headers.get("content-type") ?? "text/plain", await forwarded.text());
      }
      const html = await page(url);
      if (html !== null) return send(200, "text/html; charset=utf-8", html);
      send(404, "text/plain", "Not found");
    } catch (err) {
      send(500, "text/plain", String(err));
    }
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const port = (server.address() as AddressInfo).port;

  return {
    url: origin(),
    requests,
    cart: cartJson,
    /** The visitor logs in (or out with null). */
    logIn(c: Customer | null) {
      customer = c;
    },
    reset() {
      lines = [];
      customer = null;
      requests.length = 0;
    },
    close: () => new Promise<void>((resolve) => {
      server.closeAllConnections();
      server.close(() => resolve());
    }),
  };
}
export type Storefront = Awaited<ReturnType<typeof startStorefront>>;
