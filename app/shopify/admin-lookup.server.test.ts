import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";
import { startSimulator, type Simulator } from "../../simulators/base";
import { createShopifyAdminSimulator, GRAPHQL_PATH } from "../../simulators/shopify-admin";
import { AdminApiError, createAdminLookup } from "./admin-lookup.server";

const TOKEN = "shpat_lookup_test";
const def = createShopifyAdminSimulator({ accessToken: TOKEN });
let sim: Simulator;
let warnings: object[];
const log = { warn: (obj: object, msg?: string) => void warnings.push({ ...obj, msg }) };

// The cache is per process and per shop: each test asks about a shop of its own.
let shopNo = 0;
const lookup = (over: { accessToken?: string; timeoutMs?: number; shop?: string } = {}) =>
  createAdminLookup({ shop: `shop-${shopNo}.myshopify.com`, accessToken: TOKEN, log, ...over });

const at = (second: number) => new Date(Date.UTC(2026, 10, 2, 12, 0, second));
const orders = Array.from({ length: 120 }, (_, i) => ({ id: String(8000 + i), updatedAt: at(i % 60) }));

beforeAll(async () => {
  sim = await startSimulator(def, 0);
  process.env.SHOPIFY_ADMIN_API_URL = sim.url;
});
afterAll(async () => {
  delete process.env.SHOPIFY_ADMIN_API_URL;
  await sim.close();
});
beforeEach(() => {
  shopNo += 1;
  warnings = [];
  sim.reset();
  def.seed({
    shop: { primaryDomain: "https://www.example.com/", currencyCode: "EUR" },
    products: [{ id: "5001", updatedAt: at(0) }, { id: "5002", updatedAt: at(0) }],
    collections: [{ id: "3001", productIds: ["5001"] }, { id: "3002", productIds: ["5001"] }],
    orders,
  });
});

describe("admin lookups", () => {
  it("asks for the primary domain once per shop, with the shop's token", async () => {
    expect(await lookup().primaryDomain()).toBe("https://www.example.com");
    expect(await lookup().primaryDomain()).toBe("https://www.example.com");
    expect(sim.requests).toHaveLength(1);
    expect(sim.requests[0]).toMatchObject({ method: "POST", path: GRAPHQL_PATH, status: 200 });
    expect(sim.requests[0].headers["x-shopify-access-token"]).toBe(TOKEN);
  });

  it("caches a product's collections per product, one request for concurrent callers", async () => {
    const admin = lookup();
    const [a, b] = await Promise.all([admin.productCollectionIds("5001"), admin.productCollectionIds("5001")]);
    expect(a).toEqual(["3001", "3002"]);
    expect(b).toEqual(["3001", "3002"]);
    expect(await admin.productCollectionIds("5002")).toEqual([]);
    expect(await admin.productCollectionIds("5001")).toEqual(["3001", "3002"]);
    expect(sim.requests).toHaveLength(2);
    expect(JSON.parse(sim.requests[0].body).variables).toEqual({ id: "gid://shopify/Product/5001" });
  });

  it("answers null and logs the gap for an unknown product, a wrong token or a throttled shop", async () => {
    expect(await lookup().productCollectionIds("404")).toBeNull();
    expect(await lookup({ accessToken: "revoked" }).primaryDomain()).toBeNull();
    def.setBucket({ currentlyAvailable: 0, restoreRate: 0 });
    expect(await lookup({ shop: "throttled.myshopify.com" }).primaryDomain()).toBeNull();
    expect(warnings).toEqual([
      expect.objectContaining({ shop: `shop-${shopNo}.myshopify.com`, lookup: "productCollections:404", err: "product 404 not found" }),
      expect.objectContaining({ shop: `shop-${shopNo}.myshopify.com`, lookup: "primaryDomain", code: "unauthorized" }),
      expect.objectContaining({ shop: "throttled.myshopify.com", lookup: "primaryDomain", code: "throttled" }),
    ]);
  });

  it("does not cache a failure: the next call asks again", async () => {
    sim.fail({ status: 503 });
    expect(await lookup().primaryDomain()).toBeNull();
    expect(await lookup().primaryDomain()).toBe("https://www.example.com");
    expect(sim.requests.map((r) => r.status)).toEqual([503, 200]);
  });

  it("answers null when the Admin API is down, drops the connection or is too slow", async () => {
    sim.fail({ drop: true });
    expect(await lookup().primaryDomain()).toBeNull();
    sim.fail({ latencyMs: 500 });
    const started = Date.now();
    expect(await lookup({ timeoutMs: 100 }).primaryDomain()).toBeNull();
    expect(Date.now() - started).toBeLessThan(450);
    process.env.SHOPIFY_ADMIN_API_URL = "http://127.0.0.1:1";
    try {
      expect(await lookup({ shop: "down.myshopify.com" }).primaryDomain()).toBeNull();
    } finally {
      process.env.SHOPIFY_ADMIN_API_URL = sim.url;
    }
    expect(warnings.map((w) => (w as { code: string }).code)).toEqual(["network", "network", "network"]);
  });
});

describe("updatedSince", () => {
  it("pages through every record changed after the date, oldest first", async () => {
    const seen = [];
    for await (const r of lookup().updatedSince("order", at(4))) seen.push(r);
    const expected = orders
      .filter((o) => o.updatedAt > at(4))
      .sort((a, b) => a.updatedAt.getTime() - b.updatedAt.getTime() || Number(a.id) - Number(b.id));
    expect(seen).toEqual(expected);
    expect(seen).toHaveLength(110);
    expect(sim.requests).toHaveLength(3);
    expect(JSON.parse(sim.requests[0].body).variables).toEqual({ query: "updated_at:>'2026-11-02T12:00:04.000Z'", after: null });
  });

  it("ends at once when nothing changed", async () => {
    const seen = [];
    for await (const r of lookup().updatedSince("customer", at(0))) seen.push(r);
    expect(seen).toEqual([]);
    expect(sim.requests).toHaveLength(1);
  });

  it("throws a typed error the reconciliation job can act on", async () => {
    const drain = async (admin = lookup()) => {
      for await (const _ of admin.updatedSince("product", at(0)));
    };
    await expect(drain(lookup({ accessToken: "revoked" }))).rejects.toMatchObject({
      name: "AdminApiError",
      code: "unauthorized",
      details: { status: 401 },
    });
    def.setBucket({ currentlyAvailable: 2, restoreRate: 1 });
    const err = await drain().catch((e: unknown) => e);
    expect(err).toBeInstanceOf(AdminApiError);
    // 52 points requested, 2 available, 1 restored per second.
    expect(err).toMatchObject({ code: "throttled", details: { retryAfterMs: 50_000 } });
  });
});
