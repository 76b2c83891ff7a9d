import { describe, expect, it } from "vitest";
import { sampleCustomer, sampleOrder } from "../../domain/samples";
import { createTracktorSimulator } from "../../../simulators/tracktor";
import { startSimulator } from "../../../simulators/base";
import { AuthError, RateLimitedError, RetryableError } from "../errors";
import type { Entity } from "../../domain/types";
import type { DeliveryItem } from "../types";
import { tracktorSend } from "./client";
import { tracktor } from "./index";
import { testContext } from "../testing";
import type { TracktorSettings } from "./settings";
import { serveForTests } from "../../../simulators/testing";

const TOKEN = "tio-app-token";
const SECRET = "2D8CarQ4rX3WvH6TK7DpJDk5";
// Tracktor.io documents no rate limit; this suite's simulator sets one to see 429s handled.
const CALLS_PER_SECOND = 10;
const def = createTracktorSimulator({ token: TOKEN, signatureSecret: SECRET, callsPerSecond: CALLS_PER_SECOND });

const sim = serveForTests(def);

const ctx = (settings: Partial<TracktorSettings> = {}) => testContext<TracktorSettings>({ token: TOKEN, ...settings }, sim.url);
let n = 0;
const item = (entity: Entity): DeliveryItem => ({ deliveryId: `d${++n}`, topic: `${entity.kind}s/update`, entity });
/** Spends `count` of this second's calls on the token, as another sender would. */
async function useUpCalls(count: number) {
  const c = ctx();
  for (let i = 0; i < count; i++) await tracktorSend(c, { method: "set", id: "probe", data: {} });
}
const customer = (over = {}) => item({ kind: "customer", op: "upsert", record: sampleCustomer(over) });
const order = (over = {}) => item({ kind: "order", op: "upsert", record: sampleOrder(over) });

describe("Tracktor.io customers", () => {
  it("sets the person's properties with one GET /set keyed by the Shopify customer id", async () => {
    const c = ctx();
    const before = Math.floor(Date.now() / 1000);
    const [outcome] = await tracktor.deliver(c, [customer()]);

    expect(outcome).toMatchObject({ status: "delivered", httpStatus: 200 });
    expect(sim.requests).toHaveLength(1);
    const { method, path, query } = sim.requests[0];
    expect([method, path]).toEqual(["GET", "/set"]);
    expect(Object.keys(query)).toEqual(["sid", "ts", "id", "data"]);
    expect(query.sid).toBe(TOKEN);
    expect(Number(query.ts)).toBeGreaterThanOrEqual(before);
    expect(query.id).toBe("7001");
    expect(JSON.parse(query.data)).toEqual({
      email: "ada@example.com",
      first_name: "Ada",
      last_name: "Lovelace",
      phone: "+442071234567",
      tags: ["vip"],
      created_at: "2026-11-01T10:00:00.000Z",
      city: null,
      country_code: null,
      accepts_marketing: true,
    });
    expect(def.people.get("7001")).toMatchObject({ email: "ada@example.com", first_name: "Ada", accepts_marketing: true });
  });

  it("removes a property the customer no longer has (null deletes on Tracktor.io)", async () => {
    const c = ctx();
    await tracktor.deliver(c, [customer()]);
    await tracktor.deliver(c, [customer({ phone: null, emailMarketing: "unsubscribed" })]);
    const person = def.people.get("7001")!;
    expect(person).not.toHaveProperty("phone");
    expect(person.accepts_marketing).toBe(false);
  });

  it("percent-encodes spaces and quotes so the vendor decodes the exact JSON", async () => {
    await tracktor.deliver(ctx(), [customer({ firstName: "Ada Augusta", lastName: "O'Neil + Co" })]);
    expect(def.people.get("7001")).toMatchObject({ first_name: "Ada Augusta", last_name: "O'Neil + Co" });
  });
});

describe("Tracktor.io orders", () => {
  it("tracks a purchase with the cart on the customer's identity, once per order", async () => {
    const c = ctx();
    const [first] = await tracktor.deliver(c, [order()]);
    expect(first.status).toBe("delivered");
    expect(sim.requests.map((r) => [r.path, r.query.id, r.query.action])).toEqual([["/track", "7001", "purchase"]]);
    expect(def.events[0].data).toEqual({
      order_id: "8001",
      order_name: "#1001",
      totalprice: 108.9,
      currency: "EUR",
      created_at: "2026-11-02T12:00:00.000Z",
      products: [{ name: "Linen shirt - S", price: 49.5, count: 2, sku: "LIN-S" }],
    });

    const [again] = await tracktor.deliver(c, [order({ fulfillmentStatus: "fulfilled" })]);
    expect(again).toEqual({ deliveryId: expect.any(String), status: "skipped", reason: "purchase already sent; nothing new for Tracktor.io in this update" });
    expect(sim.requests).toHaveLength(1);
  });

  it("tracks a cancellation once after the purchase, without repeating the purchase", async () => {
    const c = ctx();
    await tracktor.deliver(c, [order()]);
    const cancelled = { cancelledAt: new Date("2026-11-03T09:00:00Z"), cancelReason: "customer" };
    const [outcome] = await tracktor.deliver(c, [order(cancelled)]);
    expect(outcome.status).toBe("delivered");
    expect(def.events.map((e) => e.action)).toEqual(["purchase", "order_cancelled"]);
    expect(def.events[1].data).toMatchObject({ order_id: "8001", cancel_reason: "customer", cancelled_at: "2026-11-03T09:00:00.000Z" });

    const [again] = await tracktor.deliver(c, [order(cancelled)]);
    expect(again).toMatchObject({ status: "skipped", reason: expect.stringContaining("purchase and cancellation already sent") });
    expect(def.events).toHaveLength(2);
  });

  it("sends purchase then cancellation for an order first seen cancelled; a failed cancellation does not repeat the purchase", async () => {
    const c = ctx();
    const cancelled = { cancelledAt: new Date("2026-11-03T09:00:00Z") };
    await useUpCalls(CALLS_PER_SECOND - 1); // the purchase is the last call allowed this second
    await expect(tracktor.deliver(c, [order(cancelled)])).rejects.toBeInstanceOf(RateLimitedError);
    expect(def.events.map((e) => e.action)).toEqual(["purchase"]);

    def.reset(); // a new second on the vendor's limiter; events kept below are only the new ones
    const [outcome] = await tracktor.deliver(c, [order(cancelled)]);
    expect(outcome.status).toBe("delivered");
    expect(def.events.map((e) => e.action)).toEqual(["order_cancelled"]);
  });

  it("uses the email as identity for a guest order, and skips an order with no person at all", async () => {
    const [guest, nobody] = await tracktor.deliver(ctx(), [
      order({ customer: null, email: " Guest@Example.com " }),
      order({ id: "8002", customer: null, email: null }),
    ]);
    expect(guest.status).toBe("delivered");
    expect(def.events.map((e) => e.id)).toEqual(["guest@example.com"]);
    expect(nobody).toMatchObject({ status: "skipped", reason: expect.stringContaining("neither a customer nor an email") });
  });
});

describe("Tracktor.io secure mode", () => {
  it("signs every identity with the signature secret, as uppercase hex", async () => {
    await tracktor.deliver(ctx({ signatureSecret: SECRET }), [customer({ id: "5115" })]);
    expect(sim.requests[0].query.sign).toBe("9622E88BED0B5BC186286CB9504A02E5F3B4207DCA0AB23CA4FBDDFC15627E2F");
    expect(def.people.has("5115")).toBe(true);
  });

  it("fails with AuthError when the signature secret is wrong", async () => {
    await expect(tracktor.deliver(ctx({ signatureSecret: "wrong" }), [customer()])).rejects.toBeInstanceOf(AuthError);
    expect(def.people.size).toBe(0);
  });
});

describe("Tracktor.io failures", () => {
  it("throws AuthError for an unknown token", async () => {
    const err = await tracktor.deliver(ctx({ token: "nope" }), [customer()]).catch((e) => e);
    expect(err).toBeInstanceOf(AuthError);
    expect(err.httpStatus).toBe(401);
  });

  it("throws RetryableError on a 500 and RateLimitedError with retryAfterMs on a 429", async () => {
    sim.fail({ status: 500 });
    const first = customer();
    const failed = await tracktor.deliver(ctx(), [first]).catch((e) => e);
    expect(failed).toBeInstanceOf(RetryableError);
    const refused = sim.requests.at(-1)!;
    expect(failed.attempted.get(first.deliveryId)).toEqual({ path: "/set", id: refused.query.id, data: JSON.parse(refused.query.data) });
    sim.fail({ status: 429, headers: { "retry-after": "7" } });
    const err = await tracktor.deliver(ctx(), [customer()]).catch((e) => e);
    expect(err).toBeInstanceOf(RateLimitedError);
    expect(err.retryAfterMs).toBe(7000);
  });

  it("keeps what was delivered and asks to retry the rest when the vendor rate-limits mid-call", async () => {
    await useUpCalls(CALLS_PER_SECOND - 1); // one call left this second
    const ids = Array.from({ length: 20 }, (_, i) => String(7001 + i));
    const out = await tracktor.deliver(ctx(), ids.map((id) => customer({ id })));
    expect(out.map((o) => o.deliveryId)).toEqual(out.map((o) => o.deliveryId).sort((x, y) => Number(x.slice(1)) - Number(y.slice(1))));
    expect(out.filter((o) => o.status === "delivered")).toHaveLength(1);
    const retries = out.filter((o) => o.status === "retry");
    expect(retries).toHaveLength(19);
    for (const r of retries) expect(r).toMatchObject({ retryAfterMs: expect.any(Number) });
    // Records refused by a 429 keep the body they carried; once refused, no new record left.
    const refused = sim.requests.filter((r) => r.status === 429);
    const carried = retries.filter((r) => r.status === "retry" && r.sent !== undefined);
    expect(carried).toHaveLength(refused.length);
    for (const r of carried) expect(r).toMatchObject({ httpStatus: 429 });
    expect(sim.requests.length - (CALLS_PER_SECOND - 1)).toBeLessThan(20);
    expect(def.people.size).toBe(2); // the probe and the one delivered
  });

  it("sends a call's records side by side, people before the orders that name them", async () => {
    def.reset();
    const people = Array.from({ length: 6 }, (_, i) => customer({ id: String(7101 + i) }));
    const orders = Array.from({ length: 3 }, (_, i) => order({ id: String(8101 + i), customer: sampleCustomer({ id: String(7101 + i) }) }));
    sim.fail({ latencyMs: 300, times: 6, pathPrefix: "/set" });
    const out = await tracktor.deliver(ctx(), [...people, ...orders]);
    expect(out.map((o) => o.status)).toEqual(Array(9).fill("delivered"));
    const paths = sim.requests.map((r) => r.path);
    expect(paths.lastIndexOf("/set")).toBeLessThan(paths.indexOf("/track"));
    // Side by side: every /set arrived while the first was still waiting for its answer.
    const sets = sim.requests.filter((r) => r.path === "/set").map((r) => r.at);
    expect(Math.max(...sets) - Math.min(...sets)).toBeLessThan(300);
    expect(Math.min(...sim.requests.filter((r) => r.path === "/track").map((r) => r.at))).toBeGreaterThanOrEqual(Math.min(...sets) + 300);
  });

  it("rejects the record with the vendor's reason on a 400", async () => {
    sim.fail({ status: 400, body: { status: "error", error: "invalid parameter data: not valid JSON" } });
    const [outcome, next] = await tracktor.deliver(ctx(), [customer(), customer({ id: "7002" })]);
    expect(outcome).toMatchObject({ status: "rejected", httpStatus: 400, reason: expect.stringContaining("invalid parameter data") });
    expect(next.status).toBe("delivered");
  });
});

describe("Tracktor.io verify", () => {
  it("proves the token with an empty /set on the probe identity, changing no real person", async () => {
    const result = await tracktor.verify(ctx());
    expect(result).toEqual({ ok: true, message: "Connected: Tracktor.io accepted the application token." });
    expect(sim.requests.map((r) => [r.path, r.query.id, r.query.data])).toEqual([["/set", "conduit-connection-test", "{}"]]);
    expect(def.events).toEqual([]);
    expect(def.people.get("conduit-connection-test")).toEqual({});
  });

  it("names the token when it is unknown and the signature secret when it is wrong", async () => {
    expect(await tracktor.verify(ctx({ token: "nope" }))).toMatchObject({ ok: false, field: "token" });
    expect(await tracktor.verify(ctx({ signatureSecret: "wrong" }))).toMatchObject({ ok: false, field: "signatureSecret" });
    expect(await tracktor.verify(ctx({ signatureSecret: SECRET }))).toMatchObject({ ok: true });
  });

  it("asks for the signature secret when the app accepts only signed data", async () => {
    const strict = await startSimulator(createTracktorSimulator({ token: TOKEN, signatureSecret: SECRET, requireSigned: true }), 0);
    try {
      const result = await tracktor.verify(testContext<TracktorSettings>({ token: TOKEN }, strict.url));
      expect(result).toEqual({ ok: false, field: "signatureSecret", message: "This Tracktor.io app accepts only signed data: enter its signature secret." });
      await expect(tracktor.deliver(testContext<TracktorSettings>({ token: TOKEN }, strict.url), [customer()])).rejects.toBeInstanceOf(AuthError);
    } finally {
      await strict.close();
    }
  });

  it("says the vendor is unreachable on a 500 instead of throwing", async () => {
    sim.fail({ status: 500 });
    expect(await tracktor.verify(ctx())).toMatchObject({ ok: false, message: expect.stringContaining("could not be reached") });
  });
});
