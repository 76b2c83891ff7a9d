import { createHash } from "node:crypto";
import { describe, expect, it } from "vitest";
import { sampleOrder, sampleOrderLine, sampleShop } from "../../domain/samples";
import type { Order } from "../../domain/types";
import { createTracifySimulator } from "../../../simulators/tracify";
import { AuthError, RateLimitedError, RetryableError } from "../errors";
import { testContext } from "../testing";
import type { DeliveryItem } from "../types";
import { tracify } from "./index";
import type { TracifySettings } from "./settings";
import { serveForTests } from "../../../simulators/testing";

const KEY = "tracify-key";
const CSID = "3f2c1a9e-7b4d-4c1e-9a2b-5d6e7f8a9b0c";
const def = createTracifySimulator({ apiKey: KEY, customerSiteIds: [CSID] });

const sim = serveForTests(def);

const ctx = (settings: Partial<TracifySettings> = {}) => testContext<TracifySettings>({ apiKey: KEY, customerSiteId: CSID, ...settings }, sim.url);
let n = 0;
const order = (over: Partial<Order> = {}): DeliveryItem => ({
  deliveryId: `d${++n}`,
  topic: "orders/create",
  entity: { kind: "order", op: "upsert", record: sampleOrder(over) },
});
const sha256hex = (v: string) => createHash("sha256").update(v).digest("hex");
const anon = (v: string) => sha256hex(sha256hex(v).slice(0, -5));
const sample = sampleOrder();

describe("Tracify purchases", () => {
  it("posts one purchase event with hashed identities, UTC datetime, URL parameters and 2-decimal amounts", async () => {
    const [outcome] = await tracify.deliver(ctx(), [order({ lines: [sampleOrderLine(), sampleOrderLine({ id: "9102", title: "Scarf", variantTitle: null, price: 20, quantity: 1 })] })]);

    expect(outcome).toMatchObject({ status: "delivered", httpStatus: 200 });
    expect(sim.requests).toHaveLength(1);
    const req = sim.requests[0];
    expect([req.method, req.path, req.headers["tracify-token"]]).toEqual(["POST", "/api/v1/events", KEY]);
    expect(JSON.parse(req.body)).toEqual({
      events: [
        {
          url: "https://shop.conduit-demo.test/products/linen-shirt",
          customer_site_id: CSID,
          identity_data: {
            [anon("ada@example.com")]: 1,
            [anon(`${sample.browserIp}|${sample.userAgent}`)]: 2,
            [anon(sample.browserIp!)]: 3,
            [anon(sample.userAgent!)]: 4,
          },
          datetime: "2026-11-02 12:00:00",
          type: "purchase",
          data: {
            utm_source: "fb",
            utm_medium: "paid",
            trc_mcmp_id: "111",
            origin: "https://shop.conduit-demo.test",
            Referer: "https://www.facebook.com/",
            order_id: "8001",
            currency: "EUR",
            amount: "108.90",
            ITEM1: "Linen shirt - S",
            AMT1: "49.50",
            QTY1: "2",
            ITEM2: "Scarf",
            AMT2: "20.00",
            QTY2: "1",
          },
        },
      ],
    });
    expect(def.purchases.has(`${CSID}/8001`)).toBe(true);
  });

  it("never lets the raw email, IP or user agent leave the server", async () => {
    await tracify.deliver(ctx(), [order({ email: "Ada@Example.com" }), order({ id: "8002", customer: null, email: "guest@example.org" })]);
    const sent = sim.requests.map((r) => `${JSON.stringify(r.headers)}${r.path}${JSON.stringify(r.query)}${r.body}`).join("\n");
    expect(def.events).toHaveLength(2);
    for (const raw of ["ada@example.com", "guest@example.org", sample.browserIp!, sample.userAgent!, "Mozilla", "203.0.113"]) {
      expect(sent.toLowerCase()).not.toContain(raw.toLowerCase());
    }
  });

  it("sends several purchases in one call and each only once", async () => {
    const c = ctx();
    const out = await tracify.deliver(c, [order({ id: "1" }), order({ id: "2" }), order({ id: "3" })]);
    expect(out.map((o) => o.status)).toEqual(["delivered", "delivered", "delivered"]);
    expect(sim.requests).toHaveLength(1);

    const [again, fresh] = await tracify.deliver(c, [order({ id: "2", financialStatus: "refunded" }), order({ id: "4" })]);
    expect(again).toMatchObject({ status: "skipped", reason: "purchase already sent" });
    expect(fresh.status).toBe("delivered");
    expect(JSON.parse(sim.requests[1].body).events.map((e: { data: { order_id: string } }) => e.data.order_id)).toEqual(["4"]);
    expect(def.duplicates).toEqual([]);
  });

  it("skips an order without browser IP or user agent (POS, draft) without calling Tracify", async () => {
    const [pos, draft] = await tracify.deliver(ctx(), [order({ browserIp: null }), order({ id: "8002", userAgent: null })]);
    expect(pos).toMatchObject({ status: "skipped", reason: expect.stringContaining("no browser IP or user agent") });
    expect(draft.status).toBe("skipped");
    expect(sim.requests).toHaveLength(0);
  });

  it("falls back to the myshopify domain and the shop root, and omits class 1 and Referer when unknown", async () => {
    const c = testContext<TracifySettings>({ apiKey: KEY, customerSiteId: CSID }, sim.url, { shop: { ...sampleShop, primaryDomain: null } });
    await tracify.deliver(c, [order({ email: null, customer: null, landingSite: null, referringSite: null })]);
    const event = def.events[0];
    expect(event.url).toBe("https://conduit-demo.myshopify.com/");
    expect(event.data.origin).toBe("https://conduit-demo.myshopify.com");
    expect(event.data).not.toHaveProperty("Referer");
    expect(Object.values(event.identity_data).sort()).toEqual([2, 3, 4]);
  });

  it("rejects only the event Tracify refuses, with its reason, and delivers the rest", async () => {
    const c = ctx();
    const out = await tracify.deliver(c, [order({ id: "1" }), order({ id: "2", currency: "euro" }), order({ id: "3" })]);
    expect(out.map((o) => o.status)).toEqual(["delivered", "rejected", "delivered"]);
    expect(out[1]).toMatchObject({ httpStatus: 400, reason: "Tracify refused the purchase: events[1].data.currency must be a 3-letter ISO 4217 code" });
    expect([...def.purchases.keys()]).toEqual([`${CSID}/1`, `${CSID}/3`]);
    expect(await c.state.get("tracify.purchase", "2")).toBeNull();
  });

  it("pauses the connection (AuthError) when the account does not own the customer site ID", async () => {
    const err = await tracify.deliver(ctx({ customerSiteId: "00000000-0000-0000-0000-000000000000" }), [order()]).catch((e) => e);
    expect(err).toBeInstanceOf(AuthError);
    expect(err.message).toContain("customerSiteId");
  });
});

describe("Tracify failures", () => {
  it("throws AuthError for a wrong API key", async () => {
    const err = await tracify.deliver(ctx({ apiKey: "wrong" }), [order()]).catch((e) => e);
    expect(err).toBeInstanceOf(AuthError);
    expect(err.httpStatus).toBe(403);
  });

  it("throws RetryableError on a 5xx and remembers nothing", async () => {
    const c = ctx();
    sim.fail({ status: 502 });
    const items = [order()];
    const err = await tracify.deliver(c, items).catch((e) => e);
    expect(err).toBeInstanceOf(RetryableError);
    expect(await c.state.get("tracify.purchase", "8001")).toBeNull();
    // What the failed call carried, as Tracify received it.
    expect(err.attempted.get(items[0].deliveryId)).toEqual(JSON.parse(sim.requests.at(-1)!.body).events[0]);
  });

  it("throws RateLimitedError with retryAfterMs on a 429", async () => {
    sim.fail({ status: 429, headers: { "retry-after": "3" } });
    const err = await tracify.deliver(ctx(), [order()]).catch((e) => e);
    expect(err).toBeInstanceOf(RateLimitedError);
    expect(err.retryAfterMs).toBe(3000);
  });
});

describe("Tracify verify", () => {
  it("proves the key with an empty batch, recording nothing", async () => {
    expect(await tracify.verify(ctx())).toMatchObject({ ok: true });
    expect(sim.requests.map((r) => r.body)).toEqual(['{"events":[]}']);
    expect(def.events).toEqual([]);
  });

  it("names apiKey when the key is refused, and does not throw when Tracify is down", async () => {
    expect(await tracify.verify(ctx({ apiKey: "wrong" }))).toMatchObject({ ok: false, field: "apiKey" });
    sim.fail({ status: 503 });
    expect(await tracify.verify(ctx())).toMatchObject({ ok: false, message: expect.stringContaining("Try again") });
  });
});
