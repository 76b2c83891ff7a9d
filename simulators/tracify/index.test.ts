import { describe, expect, it } from "vitest";
import { CALLS_PER_SECOND, MAX_EVENTS, createTracifySimulator } from "./index";
import { serveForTests } from "../testing";

const KEY = "tracify-key";
const CSID = "00000000-0000-0000-0000-000000000000";
const def = createTracifySimulator({ apiKey: KEY, customerSiteIds: [CSID] });

const sim = serveForTests(def);

// The purchase example of Tracify's documentation, verbatim.
const seedPurchase = () => ({
  url: "https://www.yourwebsite.com/your-full-path-here",
  customer_site_id: CSID,
  identity_data: {
    d6c77f0e3e6c1c276c2e9e6e7e1d8d0a5b4e7c7e3f1e7e7e5d8f7e2e7d5a5d7e: 1,
    b4e6a7c8d9e0f1d2c3b4a5e6f7e8d9c0b1a2d3e4f5d6c7e8a9b0c1d2e3f4d5c6: 2,
    e7d6c5b4a3b2c1d0e9f8e7d6c5b4a3d2e1f0d9c8b7a6e5d4c3b2a1d0e9f8c7b6: 3,
    a5b4c3d2e1f0e9d8c7b6a5d4c3b2e1d0c9b8a7d6e5f4c3b2a1d0e9f8c7b6a5d4: 4,
  } as Record<string, unknown>,
  datetime: "2024-06-21 12:36:40",
  type: "purchase",
  data: { origin: "https://www.yourwebsite.com", order_id: "123456789", currency: "EUR", amount: "100.00", ITEM1: "Name of Product 1", AMT1: "25", QTY1: "2" } as Record<string, unknown>,
});

async function post(body: unknown, headers: Record<string, string> = { "tracify-token": KEY, "content-type": "application/json" }) {
  const res = await fetch(`${sim.url}/api/v1/events`, { method: "POST", headers, body: typeof body === "string" ? body : JSON.stringify(body) });
  return { status: res.status, body: await res.json(), retryAfter: res.headers.get("retry-after") };
}

describe("Tracify simulator", () => {
  it("accepts the documented purchase example and keeps it", async () => {
    expect(await post({ events: [seedPurchase()] })).toMatchObject({ status: 200, body: { status: "ok", accepted: 1, duplicates: 0 } });
    expect(def.events).toHaveLength(1);
    expect(def.purchases.get(`${CSID}/123456789`)?.data.amount).toBe("100.00");
  });

  it("accepts a re-sent order id without storing it again, and lists it as a duplicate", async () => {
    await post({ events: [seedPurchase()] });
    const again = seedPurchase();
    again.data.amount = "90.00";
    expect((await post({ events: [again] })).body).toMatchObject({ accepted: 1, duplicates: 1 });
    expect(def.events).toHaveLength(1);
    expect(def.purchases.get(`${CSID}/123456789`)?.data.amount).toBe("100.00");
    expect(def.duplicates).toEqual([{ customer_site_id: CSID, order_id: "123456789" }]);
  });

  it("accepts an empty batch and records nothing", async () => {
    expect(await post({ events: [] })).toMatchObject({ status: 200, body: { accepted: 0 } });
    expect(def.events).toEqual([]);
  });

  it("answers 401 without the tracify-token header and 403 with a wrong one", async () => {
    expect((await post({ events: [] }, { "content-type": "application/json" })).status).toBe(401);
    expect((await post({ events: [] }, { "content-type": "application/json", "tracify-token": "nope" })).status).toBe(403);
  });

  it("rejects the documentation's conversion example, whose trailing comma is not JSON", async () => {
    const text = '{"events":[{"type":"conversion","data":{"amount": "100.00",}}]}';
    expect(await post(text)).toMatchObject({ status: 400, body: { error: "body is not valid JSON" } });
  });

  it("refuses the whole batch for one invalid event, naming its index and field", async () => {
    const bad = seedPurchase();
    bad.data.amount = "100";
    const res = await post({ events: [seedPurchase(), bad] });
    expect(res).toMatchObject({ status: 400, body: { index: 1, field: "data.amount", error: expect.stringMatching(/^events\[1\]\.data\.amount must be a string with 2 decimals/) } });
    expect(def.events).toEqual([]);
  });

  const broken: [string, (e: ReturnType<typeof seedPurchase>) => void, string][] = [
    ["a relative url", (e) => (e.url = "/cart"), "url"],
    ["an unknown site", (e) => (e.customer_site_id = "3f2c1a9e-7b4d-4c1e-9a2b-5d6e7f8a9b0c"), "customer_site_id"],
    ["a raw email as identity key", (e) => (e.identity_data = { "ada@example.com": 1, ...e.identity_data }), "identity_data"],
    ["an uppercase hash", (e) => (e.identity_data = { ["A".repeat(64)]: 3, ["b".repeat(64)]: 4 }), "identity_data"],
    ["an identity class 5", (e) => (e.identity_data = { ["a".repeat(64)]: 3, ["b".repeat(64)]: 5 }), "identity_data"],
    ["no user agent (class 4)", (e) => (e.identity_data = { ["a".repeat(64)]: 3, ["b".repeat(64)]: 1 }), "identity_data"],
    ["an ISO datetime", (e) => (e.datetime = "2024-06-21T12:36:40Z"), "datetime"],
    ["an impossible date", (e) => (e.datetime = "2024-02-30 12:00:00"), "datetime"],
    ["an unknown type", (e) => (e.type = "refund"), "type"],
    ["no origin", (e) => delete e.data.origin, "data.origin"],
    ["no order id", (e) => delete e.data.order_id, "data.order_id"],
    ["a lowercase currency", (e) => (e.data.currency = "eur"), "data.currency"],
    ["a numeric amount", (e) => (e.data.amount = 100), "data.amount"],
  ];
  it.each(broken)("answers 400 for %s", async (_, breakIt, field) => {
    const event = seedPurchase();
    breakIt(event);
    const res = await post({ events: [event] });
    expect(res.status).toBe(400);
    expect(res.body).toMatchObject({ index: 0, field, error: expect.stringContaining(`events[0].${field} `) });
  });

  it(`refuses more than ${MAX_EVENTS} events, a non-array and a non-JSON content type`, async () => {
    const many = Array.from({ length: MAX_EVENTS + 1 }, (_, i) => ({ ...seedPurchase(), data: { ...seedPurchase().data, order_id: String(i) } }));
    expect(await post({ events: many })).toMatchObject({ status: 400, body: { field: "events" } });
    expect((await post({ event: {} })).status).toBe(400);
    expect((await post({ events: [] }, { "tracify-token": KEY, "content-type": "text/plain" })).status).toBe(415);
  });

  it(`answers 429 with Retry-After past ${CALLS_PER_SECOND} requests a second`, async () => {
    for (let i = 0; i < CALLS_PER_SECOND; i++) expect((await post({ events: [] })).status).toBe(200);
    const limited = await post({ events: [] });
    expect(limited.status).toBe(429);
    expect(Number(limited.retryAfter)).toBeGreaterThanOrEqual(1);
  });
});
