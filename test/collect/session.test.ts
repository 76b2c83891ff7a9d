// A browsing session through the real server, the outbox and the strict simulators: what each
// vendor gets from the pixel, joined with the order webhook's own purchase — once per order.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { SIM_CREDENTIALS } from "../../simulators";
import { anonymize } from "../../app/vendors/tracify/hash";
import { fixture } from "../fixtures/shopify";
import { waitDrained } from "../support/drained";
import { startRig, type Rig } from "../support/rig";
import { seedConnection, SIM_SETTINGS } from "../support/seed";
import { postEvents, VISITOR_IP, VISITOR_UA, visitor } from "./visitor";

const { ometria } = SIM_CREDENTIALS;

describe("a storefront session becomes the expected vendor calls", () => {
  let rig: Rig;
  const ada = visitor();
  const order = fixture("orders-create");
  const product = { productId: "8001", variantId: "9001", title: "Linen shirt", price: 49, currency: "EUR" };
  const session = [
    ada.event("page_viewed", "/"),
    ada.event("page_viewed", "/collections/shirts"),
    ada.event("collection_viewed", "/collections/shirts", { collectionId: "301", title: "Shirts" }),
    ada.event("page_viewed", "/products/linen-shirt"),
    ada.event("product_viewed", "/products/linen-shirt", product),
    ada.event("product_added_to_cart", "/products/linen-shirt", { ...product, quantity: 1 }),
    ada.event("page_viewed", "/checkouts/cn/abc", {}, { email: "Ada@Example.com " }),
    ada.event("checkout_started", "/checkouts/cn/abc", { checkoutToken: "a1b2c3", totalPrice: 98, currency: "EUR" }, { email: "ada@example.com" }),
    ada.event("checkout_completed", "/checkouts/cn/abc/thank-you", { checkoutToken: "a1b2c3", orderId: String(order.id), totalPrice: 98, currency: "EUR" }, { email: "ada@example.com", customerId: String(order.customer.id) }),
  ];

  beforeAll(async () => {
    rig = await startRig("sqlite", { COLLECT_TRUSTED_PROXIES: "127.0.0.1" });
    await rig.connect("tracify");
    await rig.connect("tracktor");
    await seedConnection(rig.db, rig.env, "ometria",
      { apiKey: ometria.apiKey, headlessKey: ometria.headlessKey, headlessSecret: ometria.headlessSecret },
      { ...SIM_SETTINGS.ometria[1], headlessUrl: "https://abc.store-xyz.ometria.services" });
    // Everything but the thank-you page fires together in this test; the order webhook lands between.
    const res = await postEvents(rig.conduit.url, session.slice(0, 8));
    expect(res.status).toBe(200);
    expect(await res.json()).toMatchObject({ accepted: 8, rejected: [], duplicates: [] });
    await rig.send({ topic: "orders/create", payload: order });
    await waitDrained(rig.db);
    expect((await postEvents(rig.conduit.url, session.slice(8))).status).toBe(200);
    await waitDrained(rig.db);
  }, 120_000);
  afterAll(() => rig?.close());

  it("Tracify: four pageviews, a productview and an addtocart, with the purchase's hashes and no raw identity", () => {
    const events = rig.sims.defs.tracify.events;
    expect(events.map((e) => e.type).sort()).toEqual(["addtocart", "pageview", "pageview", "pageview", "pageview", "productview", "purchase"]);
    const purchase = events.find((e) => e.type === "purchase")!;
    const session = anonymize(`${VISITOR_IP}|${VISITOR_UA}`);
    for (const e of events) {
      expect(e.identity_data).toMatchObject({ [session]: 2, [anonymize(VISITOR_IP)]: 3, [anonymize(VISITOR_UA)]: 4 });
      // The visit's first page's parameters on every event, as the purchase carries its landing_site's.
      expect(e.data).toMatchObject({ origin: "https://shop.conduit-test.example", utm_source: "fb", utm_medium: "paid", trc_mcmp_id: "111", Referer: "https://www.facebook.com/" });
    }
    const checkoutView = events.find((e) => e.url.endsWith("/checkouts/cn/abc"))!;
    expect(checkoutView.identity_data).toEqual(purchase.identity_data);
    expect(JSON.stringify(rig.sims.servers.tracify.requests.map((r) => r.body))).not.toMatch(/ada@example|203\.0\.113\.7|Mozilla/i);
    expect(rig.sims.defs.tracify.purchases.size).toBe(1);
    expect(rig.sims.defs.tracify.duplicates).toEqual([]);
  });

  it("Ometria headless: the listing and product views and the add to basket, for one stable user", () => {
    const tracked = rig.sims.defs.ometria.tracked;
    expect(tracked.map((t) => `${t.scope}/${t.action}`)).toEqual(["view/listing", "view/product", "basket/add"]);
    expect(tracked[2].data).toEqual({ product_id: "8001", quantity: 1 });
    expect(new Set(tracked.map((t) => JSON.stringify(t.user)))).toEqual(new Set([JSON.stringify({ uid: ada.clientId, sid: ada.session.id })]));
    expect(JSON.stringify(tracked)).not.toMatch(/Mozilla|203\.0\.113\.7/);
    expect(rig.sims.defs.ometria.orders.size).toBe(1);
  });

  it("Tracktor.io: the anonymous visitor's events, the order's purchase, and one signed alias into the customer", () => {
    const events = rig.sims.defs.tracktor.events;
    const anon = `a-${ada.clientId}`;
    expect(events.filter((e) => e.id === anon).map((e) => e.action)).toEqual(session.slice(0, 8).map((e) => e.name));
    expect(events.filter((e) => e.action === "purchase")).toHaveLength(1);
    expect(rig.sims.defs.tracktor.aliases).toEqual(new Map([[anon, String(order.customer.id)]]));
    expect(JSON.stringify(events.filter((e) => e.id === anon))).not.toContain("ada@example.com");
  });

  it("a replayed batch is accepted as duplicates and sends nothing again", async () => {
    const before = rig.sims.servers.tracify.requests.length;
    const res = await postEvents(rig.conduit.url, session.slice(0, 3));
    expect(await res.json()).toMatchObject({ accepted: 0, duplicates: session.slice(0, 3).map((e) => e.id) });
    await waitDrained(rig.db);
    expect(rig.sims.servers.tracify.requests.length).toBe(before);
  });
});
