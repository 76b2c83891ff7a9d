// Whole-call failures and unclear answers: what the engine is told to do.
import { describe, expect, it } from "vitest";
import { sampleCustomer, sampleOrder, sampleProduct } from "../../domain/samples";
import { createOmetriaSimulator, OMETRIA_SIM_API_KEY } from "../../../simulators/ometria";
import { AuthError, RateLimitedError, RetryableError } from "../errors";
import { ometria } from "./index";
import { item, ometriaContext } from "./testing";
import { serveForTests } from "../../../simulators/testing";

const def = createOmetriaSimulator();
const sim = serveForTests(def);

const customers = (n: number) =>
  Array.from({ length: n }, (_, i) => item({ kind: "customer", op: "upsert", record: sampleCustomer({ id: String(7001 + i) }) }));

/** Uses up part of the account's 4 requests a second, as another client of the account would. */
async function spendRequests(n: number) {
  for (let i = 0; i < n; i++) {
    await fetch(`${sim.url}/v2/push/_errors`, { headers: { "x-ometria-auth": OMETRIA_SIM_API_KEY } });
  }
}

describe("Ometria delivery failures", () => {
  it("throws AuthError for a wrong API key, and Ometria stores nothing", async () => {
    const err = await ometria.deliver(ometriaContext(sim.url, { apiKey: "wrong" }), customers(1)).catch((e) => e);
    expect(err).toBeInstanceOf(AuthError);
    expect(err.httpStatus).toBe(401);
    expect(def.contacts.size).toBe(0);
  });

  it("throws RetryableError when Ometria answers 500", async () => {
    sim.fail({ status: 500, body: { status: "ERROR", message: "internal" } });
    const err = await ometria.deliver(ometriaContext(sim.url), customers(1)).catch((e) => e);
    expect(err).toBeInstanceOf(RetryableError);
    expect(err).not.toBeInstanceOf(RateLimitedError);
    expect(err.httpStatus).toBe(500);
  });

  it("notes on a failed call the records each delivery carried, as Ometria received them", async () => {
    sim.fail({ status: 503 });
    const items = customers(2);
    const err = await ometria.deliver(ometriaContext(sim.url), items).catch((e) => e);
    const pushed = JSON.parse(sim.requests.at(-1)!.body);
    expect(items.map((i) => err.attempted?.get(i.deliveryId))).toEqual([[pushed[0]], [pushed[1]]]);
  });

  it("throws RateLimitedError with Retry-After as the 5th request in one second", async () => {
    await spendRequests(4);
    const err = await ometria.deliver(ometriaContext(sim.url), customers(1)).catch((e) => e);
    expect(err).toBeInstanceOf(RateLimitedError);
    expect(err.retryAfterMs).toBe(1000);
    expect(sim.requests.at(-1)?.status).toBe(429);
  });

  it("keeps the outcomes of pushes that went through when a later push of the batch is rate limited", async () => {
    await spendRequests(3);
    // 40 products × 3 records: the 4th request (first push) passes, the 5th (second push) gets 429.
    const items = Array.from({ length: 40 }, (_, i) => {
      const id = String(5100 + i);
      const p = sampleProduct({ id });
      return item({ kind: "product", op: "upsert", record: { ...p, variants: p.variants.map((v) => ({ ...v, id: `${id}-${v.position}` })) } });
    });
    // An account Conduit has not called lately (its own pace lets both pushes go at once), whose
    // requests were spent elsewhere: Ometria refuses the second push.
    const outcomes = await ometria.deliver(ometriaContext(sim.url, { accountId: "spent-elsewhere" }), items);
    // The first push carries 33 whole products (99 records) and the parent of the 34th.
    expect(outcomes.slice(0, 33).every((o) => o.status === "delivered")).toBe(true);
    expect(outcomes.slice(33).map((o) => o.status)).toEqual(Array(7).fill("retry"));
    expect(outcomes[33]).toMatchObject({ retryAfterMs: 1000 });
    // The 34th product's parent went out in the first push; the other six never left.
    expect(outcomes[33]).toHaveProperty("sent");
    expect(outcomes.slice(34).map((o) => "sent" in o && o.sent)).toEqual(Array(6).fill(undefined));
  });

  it("rejects every item of a push Ometria refuses as malformed (400), with its message", async () => {
    sim.fail({ status: 400, body: { status: "ERROR", message: "Body must be a JSON array of records" } });
    const outcomes = await ometria.deliver(ometriaContext(sim.url), customers(2));
    expect(outcomes).toEqual([
      expect.objectContaining({ status: "rejected", reason: "Ometria refused the push: Body must be a JSON array of records", httpStatus: 400 }),
      expect.objectContaining({ status: "rejected", reason: "Ometria refused the push: Body must be a JSON array of records" }),
    ]);
  });

  it("never calls a record delivered when Ometria refused some but the error list cannot be read", async () => {
    sim.fail({ status: 503, pathPrefix: "/v2/push/_errors" });
    const outcomes = await ometria.deliver(ometriaContext(sim.url), [
      item({ kind: "order", op: "upsert", record: sampleOrder({ id: "8001" }) }),
      item({ kind: "order", op: "upsert", record: sampleOrder({ id: "8002", currency: "euro" }) }),
    ]);
    expect(outcomes.map((o) => o.status)).toEqual(["retry", "retry"]);
    expect(outcomes[0]).toMatchObject({ error: expect.stringMatching(/refused 1 of 2 records but named only 0/) });
  });

  it("does not pin an older refusal of the same record on the version just sent", async () => {
    const ctx = ometriaContext(sim.url);
    // An earlier, refused version of order 8002 sits in the error list.
    def.errors.unshift({ "@type": "order", id: "8002", reason: "old problem", timestamp: new Date(Date.now() - 10 * 60_000).toISOString() });
    const outcomes = await ometria.deliver(ctx, [
      item({ kind: "order", op: "upsert", record: sampleOrder({ id: "8002" }) }),
      item({ kind: "order", op: "upsert", record: sampleOrder({ id: "8003", currency: "euro" }) }),
    ]);
    expect(outcomes.map((o) => o.status)).toEqual(["delivered", "rejected"]);
  });

  it("turns a failure of our own sync-state store into a RetryableError", async () => {
    const failing = { get: () => Promise.reject(new Error("database is locked")), getMany: () => Promise.reject(new Error("database is locked")), set: () => Promise.resolve() };
    const ctx = { ...ometriaContext(sim.url), state: failing };
    const err = await ometria.deliver(ctx, [item({ kind: "product", op: "upsert", record: sampleProduct() })]).catch((e) => e);
    expect(err).toBeInstanceOf(RetryableError);
    expect(err.message).toMatch(/database is locked/);
  });
});
