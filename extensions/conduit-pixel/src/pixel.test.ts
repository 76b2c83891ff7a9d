// The pixel run against a fake Shopify (analytics.subscribe, browser, init, customerPrivacy): the
// bodies it posts for every subscribed event, checked by the collect endpoint's own schema, and
// nothing at all without the consent it declares.
import type { ExtensionApi } from "@shopify/web-pixels-extension";
import { afterEach, beforeEach, describe, expect, it, vi } from "vitest";
import { envelope, parseEvent } from "../../../app/collect/schema";
import { conduitPixel, EVENTS } from "./pixel";

type Handler = (event: unknown) => Promise<void> | void;
const GRANTED = { analyticsProcessingAllowed: true, marketingAllowed: false, preferencesProcessingAllowed: false, saleOfDataAllowed: true };
const DENIED = { ...GRANTED, analyticsProcessingAllowed: false };

function fakeShopify(privacy = GRANTED) {
  const handlers = new Map<string, Handler>();
  let consentHandler: ((e: { customerPrivacy: typeof GRANTED }) => void) | undefined;
  const storage = new Map<string, string>();
  const api = {
    settings: { collectUrl: "https://conduit.example.com/collect", shop: "demo.myshopify.com" },
    analytics: { subscribe: (name: string, cb: Handler) => (handlers.set(name, cb), () => true) },
    browser: { sessionStorage: { getItem: async (k: string) => storage.get(k) ?? null, setItem: async (k: string, v: string) => void storage.set(k, v) } },
    init: { customerPrivacy: privacy, data: { customer: null, cart: null, shop: {}, purchasingCompany: null }, context: {} },
    customerPrivacy: { subscribe: (_name: string, cb: typeof consentHandler) => ((consentHandler = cb), () => true) },
  } as unknown as ExtensionApi;
  let n = 0;
  const fire = async (name: string, data: unknown = {}, path = "/") => {
    n += 1;
    await handlers.get(name)!({ id: `evt-${n}`, name, clientId: "client-1", timestamp: `2026-12-03T07:00:0${n % 10}.000Z`, data, context: { document: { location: { href: `https://shop.example${path}` }, referrer: "https://www.google.com/" } } });
  };
  return { api, handlers, fire, grant: (p: typeof GRANTED) => consentHandler?.(({ customerPrivacy: p })) };
}

const variant = { id: "9001", sku: "LIN-S", price: { amount: 49, currencyCode: "EUR" }, product: { id: "8001", title: "Linen shirt" } };
const checkout = { token: "ck-1", email: "ada@example.com", currencyCode: "EUR", totalPrice: { amount: 98 }, order: { id: "5901", customer: { id: "7390" } }, shippingAddress: { address1: "1 Secret Rd" } };
const SAMPLES: Record<string, [unknown, Record<string, unknown>]> = {
  page_viewed: [{}, {}],
  product_viewed: [{ productVariant: variant }, { productId: "8001", variantId: "9001", title: "Linen shirt", sku: "LIN-S", price: 49, currency: "EUR" }],
  collection_viewed: [{ collection: { id: "301", title: "Shirts" } }, { collectionId: "301", title: "Shirts" }],
  search_submitted: [{ searchResult: { query: "linen" } }, { query: "linen" }],
  product_added_to_cart: [{ cartLine: { merchandise: variant, quantity: 2 } }, { productId: "8001", variantId: "9001", title: "Linen shirt", sku: "LIN-S", price: 49, currency: "EUR", quantity: 2 }],
  product_removed_from_cart: [{ cartLine: { merchandise: variant, quantity: 1 } }, { productId: "8001", variantId: "9001", title: "Linen shirt", sku: "LIN-S", price: 49, currency: "EUR", quantity: 1 }],
  cart_viewed: [{ cart: { cost: { totalAmount: { amount: 98, currencyCode: "EUR" } }, lines: [{}, {}] } }, { totalPrice: 98, currency: "EUR", lines: 2 }],
  checkout_started: [{ checkout }, { checkoutToken: "ck-1", totalPrice: 98, currency: "EUR" }],
  checkout_contact_info_submitted: [{ checkout }, { checkoutToken: "ck-1", totalPrice: 98, currency: "EUR" }],
  checkout_completed: [{ checkout }, { checkoutToken: "ck-1", totalPrice: 98, currency: "EUR", orderId: "5901" }],
};

describe("the Conduit Web Pixel", () => {
  let posts: { url: string; init: RequestInit }[];
  beforeEach(() => {
    posts = [];
    vi.stubGlobal("fetch", async (url: string, init: RequestInit) => (posts.push({ url, init }), new Response("{}")));
  });
  afterEach(() => vi.unstubAllGlobals());
  const bodies = () => posts.map((p) => JSON.parse(String(p.init.body)));
  const settle = () => new Promise((r) => setTimeout(r, 20));

  it("subscribes to every standard event it promises", () => {
    const shop = fakeShopify();
    conduitPixel(shop.api, 5);
    expect([...shop.handlers.keys()]).toEqual([...EVENTS]);
  });

  it("posts the expected compact body for each event, valid for the collect endpoint", async () => {
    for (const name of EVENTS) {
      const shop = fakeShopify();
      conduitPixel(shop.api, 5);
      posts = [];
      await shop.fire(name, SAMPLES[name][0], "/page?utm_source=fb");
      await settle();
      expect(posts).toHaveLength(1);
      expect(posts[0].url).toBe("https://conduit.example.com/collect?shop=demo.myshopify.com");
      expect(posts[0].init).toMatchObject({ method: "POST", keepalive: true });
      const [body] = bodies();
      expect(envelope.safeParse(body).success).toBe(true);
      const [event] = body.events;
      expect(event).toMatchObject({ name, clientId: "client-1", url: "https://shop.example/page?utm_source=fb", referrer: "https://www.google.com/", data: SAMPLES[name][1] });
      expect(event.session).toEqual({ id: event.id, landingUrl: "https://shop.example/page?utm_source=fb" });
      expect(parseEvent(event, 0)).toMatchObject({ ok: true });
      expect(JSON.stringify(body)).not.toContain("Secret Rd");
      if (name.startsWith("checkout")) expect(event).toMatchObject({ email: "ada@example.com", customerId: "7390" });
    }
  });

  it("batches events that fire together and keeps the visit's first page for later events", async () => {
    const shop = fakeShopify();
    conduitPixel(shop.api, 5);
    await shop.fire("page_viewed", {}, "/products/linen?trc_mcmp_id=1");
    await shop.fire("product_viewed", SAMPLES.product_viewed[0], "/products/linen?trc_mcmp_id=1");
    await settle();
    await shop.fire("page_viewed", {}, "/cart");
    await settle();
    expect(bodies().map((b) => b.events.map((e: { name: string }) => e.name))).toEqual([["page_viewed", "product_viewed"], ["page_viewed"]]);
    expect(bodies()[1].events[0].session.landingUrl).toBe("https://shop.example/products/linen?trc_mcmp_id=1");
  });

  it("posts nothing without analytics consent, and starts once the visitor allows it", async () => {
    const shop = fakeShopify(DENIED);
    conduitPixel(shop.api, 5);
    for (const name of EVENTS) await shop.fire(name, SAMPLES[name][0]);
    await settle();
    expect(posts).toEqual([]);

    shop.grant({ ...GRANTED, saleOfDataAllowed: false });
    await shop.fire("page_viewed");
    await settle();
    expect(posts).toEqual([]);

    shop.grant(GRANTED);
    await shop.fire("page_viewed");
    await settle();
    expect(bodies()).toHaveLength(1);
    expect(bodies()[0].consent).toEqual({ analytics: true, marketing: false, preferences: false, saleOfData: true });
  });
});
