import { describe, expect, it } from "vitest";
import { sampleCategory, sampleCustomer, sampleOrder, sampleOrderLine, sampleProduct } from "../../domain/samples";
import { createMetriloSimulator } from "../../../simulators/metrilo";
import { AuthError, RateLimitedError, RetryableError } from "../errors";
import { metrilo } from ".";
import { contractViolations, item, metriloCtx, NOW, SECRET } from "./testing";
import { serveForTests } from "../../../simulators/testing";

const def = createMetriloSimulator();
const sim = serveForTests(def);

const paths = () => sim.requests.map((r) => r.path);
const bodies = () => sim.requests.map((r) => JSON.parse(r.body));

describe("metrilo.deliver", () => {
  it("sends each kind signed, in Metrilo's import order, and Metrilo stores them", async () => {
    const ctx = metriloCtx(sim.url);
    const items = [
      item({ kind: "order", op: "upsert", record: sampleOrder() }),
      item({ kind: "product", op: "upsert", record: sampleProduct() }),
      item({ kind: "category", op: "upsert", record: sampleCategory() }),
      item({ kind: "customer", op: "upsert", record: sampleCustomer() }),
    ];
    const outcomes = await metrilo.deliver(ctx, items);

    expect(outcomes.map((o) => [o.deliveryId, o.status])).toEqual(items.map((i) => [i.deliveryId, "delivered"]));
    expect(paths()).toEqual(["/customer", "/category", "/product", "/order"]);
    expect(bodies()[0]).toEqual({
      time: NOW.getTime(),
      token: "sh0p-t0k3n",
      params: { email: "ada@example.com", createdAt: Date.parse("2026-11-01T10:00:00Z"), firstName: "Ada", lastName: "Lovelace", subscribed: true, tags: ["vip"] },
    });
    expect(bodies()[3].params).toEqual({
      id: "8001",
      createdAt: Date.parse("2026-11-02T12:00:00Z"),
      amount: 108.9,
      status: "processing",
      email: "ada@example.com",
      products: [{ productId: "5001", quantity: 2 }],
      coupons: ["WELCOME10"],
      billing: {
        firstName: "Ada", lastName: "Lovelace", address: "12 St James's Square", city: "London",
        countryCode: "GB", phone: "+442071234567", postcode: "SW1Y 4JH", paymentMethod: "shopify_payments",
      },
      ipAddress: "203.0.113.7",
    });
    expect(sim.requests.every((r) => r.headers["content-type"] === "application/json")).toBe(true);
    expect(contractViolations(sim.requests)).toEqual([]);
    expect(def.orders.get("8001")?.amount).toBe(108.9);
    expect(def.products.get("5001")).toMatchObject({ categories: ["3001"], options: [{ id: "6001", name: "S" }, { id: "6002", name: "M" }] });
    expect(def.dropped).toEqual([]);
  });

  it("removes tags dropped in Shopify with /customer/untag after the upsert (Metrilo merges tags)", async () => {
    const ctx = metriloCtx(sim.url);
    await metrilo.deliver(ctx, [item({ kind: "customer", op: "upsert", record: sampleCustomer({ tags: ["vip", "wholesale"] }) })]);
    const outcomes = await metrilo.deliver(ctx, [item({ kind: "customer", op: "upsert", record: sampleCustomer({ tags: ["vip"] }) })]);

    expect(outcomes[0].status).toBe("delivered");
    expect(paths()).toEqual(["/customer", "/customer", "/customer/untag"]);
    expect(bodies()[2].params).toEqual({ email: "ada@example.com", createdAt: Date.parse("2026-11-01T10:00:00Z"), tags: ["wholesale"] });
    expect(def.customers.get("ada@example.com")?.tags).toEqual(["vip"]);
    expect(contractViolations(sim.requests)).toEqual([]);
  });

  it("upserts an order's unknown buyer and products first, so Metrilo does not drop the order", async () => {
    const ctx = metriloCtx(sim.url);
    const order = sampleOrder({ lines: [sampleOrderLine(), sampleOrderLine({ id: "9102", productId: "5002", title: "Wool scarf", price: 25, quantity: 1 })] });
    const [outcome] = await metrilo.deliver(ctx, [item({ kind: "order", op: "upsert", record: order })]);

    expect(outcome.status).toBe("delivered");
    expect(paths()).toEqual(["/customer", "/product/batch", "/order"]);
    expect(bodies()[0].params).toEqual({ email: "ada@example.com", createdAt: Date.parse("2026-11-01T10:00:00Z"), firstName: "Ada", lastName: "Lovelace" });
    expect(bodies()[1].batch).toEqual([{ id: "5001", name: "Linen shirt", price: 49.5 }, { id: "5002", name: "Wool scarf", price: 25 }]);
    expect(def.dropped).toEqual([]);
    expect(def.orders.has("8001")).toBe(true);
    expect(contractViolations(sim.requests)).toEqual([]);

    // Known now: the next update of the order goes alone.
    sim.reset();
    await metrilo.deliver(ctx, [item({ kind: "order", op: "upsert", record: order })]);
    expect(paths()).toEqual(["/order"]);
  });

  it("links a guest order by its email, created at the order's time", async () => {
    const ctx = metriloCtx(sim.url);
    const guest = sampleOrder({ customer: null, email: " Guest@Example.com " });
    await metrilo.deliver(ctx, [item({ kind: "order", op: "upsert", record: guest })]);

    expect(bodies()[0].params).toEqual({ email: "guest@example.com", createdAt: guest.createdAt.getTime(), firstName: "Ada", lastName: "Lovelace" });
    expect(def.orders.get("8001")?.email).toBe("guest@example.com");
    expect(def.dropped).toEqual([]);
  });

  it("holds an order back for retry when its buyer cannot be created first", async () => {
    const ctx = metriloCtx(sim.url);
    sim.fail({ status: 400, body: { message: "params.email is invalid" }, pathPrefix: "/customer" });
    const [outcome] = await metrilo.deliver(ctx, [item({ kind: "order", op: "upsert", record: sampleOrder() })]);

    // The order's own body is kept for the merchant, though it waits for its buyer.
    expect(outcome).toMatchObject({ status: "retry", sent: { id: "8001", email: "ada@example.com" } });
    expect(outcome.status === "retry" && outcome.error).toContain("customer ada@example.com could not be created first");
    expect(paths()).toEqual(["/customer", "/product"]);
    expect(def.orders.size).toBe(0);
  });

  it("skips what Metrilo cannot take, naming why", async () => {
    const ctx = metriloCtx(sim.url);
    const outcomes = await metrilo.deliver(ctx, [
      item({ kind: "customer", op: "upsert", record: sampleCustomer({ email: null }) }),
      item({ kind: "order", op: "upsert", record: sampleOrder({ email: null, customer: null }) }),
      item({ kind: "product", op: "delete", id: "5001" }),
    ]);
    expect(outcomes.map((o) => o.status)).toEqual(["skipped", "skipped", "skipped"]);
    expect(outcomes.map((o) => (o.status === "skipped" ? o.reason : ""))).toEqual([
      expect.stringContaining("no email"),
      expect.stringContaining("no email"),
      expect.stringContaining("no delete endpoint"),
    ]);
    expect(sim.requests).toEqual([]);
  });

  it("leaves a product's categories alone when they are unknown", async () => {
    const ctx = metriloCtx(sim.url);
    await metrilo.deliver(ctx, [item({ kind: "product", op: "upsert", record: sampleProduct() })]);
    await metrilo.deliver(ctx, [item({ kind: "product", op: "upsert", record: sampleProduct({ title: "Linen shirt II", categoryIds: null }) })]);

    expect("categories" in bodies()[1].params).toBe(false);
    expect(def.products.get("5001")).toMatchObject({ name: "Linen shirt II", categories: ["3001"] });
  });

  it("splits batches at 50 records a request", async () => {
    const ctx = metriloCtx(sim.url);
    const items = Array.from({ length: 120 }, (_, i) =>
      item({ kind: "customer", op: "upsert", record: sampleCustomer({ id: `c${i}`, email: `c${i}@example.com` }) }));
    const outcomes = await metrilo.deliver(ctx, items);

    expect(outcomes.every((o) => o.status === "delivered")).toBe(true);
    expect(paths()).toEqual(["/customer/batch", "/customer/batch", "/customer/batch"]);
    expect(bodies().map((b) => b.batch.length)).toEqual([50, 50, 20]);
    expect(def.customers.size).toBe(120);
    expect(contractViolations(sim.requests)).toEqual([]);
  });

  it("splits batches at 5 MB a request", async () => {
    const ctx = metriloCtx(sim.url);
    const big = "x".repeat(1_200_000);
    const items = Array.from({ length: 6 }, (_, i) =>
      item({ kind: "product", op: "upsert", record: sampleProduct({ id: `p${i}`, title: `${big}${i}` }) }));
    const outcomes = await metrilo.deliver(ctx, items);

    expect(outcomes.every((o) => o.status === "delivered")).toBe(true);
    expect(bodies().map((b) => b.batch.length)).toEqual([4, 2]);
    expect(sim.requests.every((r) => Buffer.byteLength(r.body) <= 5_000_000)).toBe(true);
    expect(def.products.size).toBe(6);
  });

  it("rejects only the record Metrilo refuses in a batch, with Metrilo's reason", async () => {
    const ctx = metriloCtx(sim.url);
    const outcomes = await metrilo.deliver(ctx, [
      item({ kind: "category", op: "upsert", record: sampleCategory({ id: "1" }) }),
      item({ kind: "category", op: "upsert", record: sampleCategory({ id: "2", title: undefined as unknown as string }) }),
      item({ kind: "category", op: "upsert", record: sampleCategory({ id: "3" }) }),
    ]);

    expect(outcomes.map((o) => o.status)).toEqual(["delivered", "rejected", "delivered"]);
    expect(outcomes[1].status === "rejected" && outcomes[1].reason).toContain("params.name is required");
    expect(paths()).toEqual(["/category/batch", "/category", "/category", "/category"]);
    expect([...def.categories.keys()]).toEqual(["1", "3"]);
  });
});

describe("metrilo.deliver failures", () => {
  const order = () => [item({ kind: "order", op: "upsert", record: sampleOrder() })];

  it("a wrong API secret is an AuthError (403, bad X-Digest)", async () => {
    const err = await metrilo.deliver(metriloCtx(sim.url, { apiSecret: "wrong" }), order()).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(AuthError);
    expect(err).toMatchObject({ httpStatus: 403, response: expect.stringContaining("X-Digest signature is invalid") });
  });

  it("a wrong API token is an AuthError (401)", async () => {
    const err = await metrilo.deliver(metriloCtx(sim.url, { apiToken: "nope" }), order()).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(AuthError);
    expect(err).toMatchObject({ httpStatus: 401 });
  });

  it("an unpaid project is an AuthError (402)", async () => {
    def.account.paymentRequired = true;
    const err = await metrilo.deliver(metriloCtx(sim.url), order()).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(AuthError);
    expect(err).toMatchObject({ httpStatus: 402 });
  });

  it("a 500 before anything got through is a RetryableError", async () => {
    sim.fail({ status: 500 });
    const err = await metrilo.deliver(metriloCtx(sim.url), order()).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(RetryableError);
    expect(err).not.toBeInstanceOf(RateLimitedError);
    expect(def.orders.size).toBe(0);
  });

  it("a failed call notes the record each delivery carried, as Metrilo received it", async () => {
    sim.fail({ status: 503 });
    const items = [item({ kind: "customer", op: "upsert", record: sampleCustomer() })];
    const err = (await metrilo.deliver(metriloCtx(sim.url), items).catch((e: unknown) => e)) as RetryableError;
    expect(err).toBeInstanceOf(RetryableError);
    expect(err.attempted?.get(items[0].deliveryId)).toEqual(bodies().at(-1).params);
  });

  it("a 429 with Retry-After is a RateLimitedError carrying the delay", async () => {
    sim.fail({ status: 429, headers: { "retry-after": "7" } });
    const err = await metrilo.deliver(metriloCtx(sim.url), order()).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(RateLimitedError);
    expect(err).toMatchObject({ retryAfterMs: 7000 });
  });

  it("a 5xx midway keeps what was delivered and retries the rest", async () => {
    sim.fail({ status: 502, pathPrefix: "/order" });
    const outcomes = await metrilo.deliver(metriloCtx(sim.url), [
      item({ kind: "customer", op: "upsert", record: sampleCustomer() }),
      ...order(),
    ]);
    expect(outcomes.map((o) => o.status)).toEqual(["delivered", "retry"]);
    expect(outcomes[1]).toMatchObject({ httpStatus: 502, sent: bodies().at(-1).params });
  });
});

describe("contractViolations", () => {
  it("catches a body outside the spec and a digest that is not HMAC(secret, body)", () => {
    const body = JSON.stringify({ time: 1, token: "t", params: { email: "a@b.c" } });
    const problems = contractViolations([
      { at: 0, method: "POST", path: "/customer", query: {}, headers: { "x-digest": "00" }, body, status: 200 },
    ], SECRET);
    expect(problems).toEqual([expect.stringContaining("createdAt"), expect.stringContaining("X-Digest")]);
  });
});
