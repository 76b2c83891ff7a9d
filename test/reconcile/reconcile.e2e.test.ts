// Reconciliation through the real server (node server.js): its worker finds the records Shopify's
// webhooks never delivered, fetches them from the Admin API stand-in over a socket and delivers
// them to a vendor simulator — and shrugs off an Admin API that refuses or throttles it.
// Passes run every 1.2 s here (CONDUIT_RECONCILE_MINUTES=0.02). SQLite, and PostgreSQL too when
// DATABASE_URL names one.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { startSimulator, type Simulator } from "../../simulators/base";
import { startVendorSimulators, SIM_CREDENTIALS, type VendorSimulators } from "../../simulators";
import { createShopifyAdminSimulator } from "../../simulators/shopify-admin";
import { adminSample, seedRecord } from "../../simulators/shopify-admin/samples";
import { fixture } from "../fixtures/shopify";
import { startConduit, testEnv, type Conduit } from "../support/conduit";
import { createTestDatabase, postgresSkipReason, providers, type TestDatabase } from "../support/database";
import { waitDrained } from "../support/drained";
import { seedConnection, seedOfflineSession } from "../support/seed";
import { waitFor } from "../support/wait";
import { sendWebhook, TEST_SHOP } from "../support/webhooks";
import { ADA, ADA_ORDER, GRACE, GUEST_ORDER, PRODUCT, scenario } from "./scenario";
import { jsonLines } from "../support/logs";

if (!providers().includes("postgresql")) console.info(postgresSkipReason);

const TOKEN = "shpat_reconcile_test";
const NO_SESSION = "no-session.myshopify.com";
const REVOKED = "revoked.myshopify.com";
const { metrilo } = SIM_CREDENTIALS;

const operation = (body: string) => /^\s*query\s+(\w+)/.exec(JSON.parse(body).query)?.[1];

describe.each(providers())("reconciliation on %s", (provider) => {
  let database: TestDatabase;
  let db: TestDatabase["db"];
  let sims: VendorSimulators;
  let adminSim: Simulator;
  let conduit: Conduit;
  const admin = createShopifyAdminSimulator({ accessToken: TOKEN });
  const { at, seed, webhooks } = scenario();

  const connect = (domain: string) =>
    seedConnection(db, conduit.env, "metrilo", { apiSecret: metrilo.apiSecret }, { apiToken: metrilo.apiToken }, domain);
  const reconciled = (domain: string) =>
    db.webhookEvent.findMany({ where: { shop: { domain }, webhookId: { startsWith: "reconcile:" } }, orderBy: { receivedAt: "asc" } });
  const lastReconciledAt = async (domain: string) => (await db.shop.findUniqueOrThrow({ where: { domain } })).lastReconciledAt;
  const logs = (msg: string, shop: string) => jsonLines(conduit.output()).filter((l) => l.msg === msg && l.shop === shop);
  const passesDone = (shop: string) => logs("reconciliation pass done", shop);
  const failed = (shop: string, code: string) => logs("reconciliation pass failed; retrying later", shop).filter((l) => l.code === code);
  /** Resolves once `n` more passes of `shop` have finished. */
  const passes = async (shop: string, n = 1) => {
    const done = passesDone(shop).length;
    await waitFor(`${n} more passes of ${shop}`, () => passesDone(shop).length >= done + n);
  };

  beforeAll(async () => {
    database = await createTestDatabase(provider);
    db = database.db;
    sims = await startVendorSimulators();
    adminSim = await startSimulator(admin);
    conduit = await startConduit(
      testEnv(database.url, { ...sims.env, SHOPIFY_ADMIN_API_URL: adminSim.url, CONDUIT_RECONCILE_MINUTES: "0.02", LOG_LEVEL: "info" }),
    );
    await connect(TEST_SHOP);
    await connect(NO_SESSION);
    for (const [topic, payload] of webhooks) expect((await sendWebhook(conduit.url, topic, payload)).status).toBe(200);
    await waitDrained(db);
    admin.seed(seed);
    // Reconciliation starts for a shop once its offline session exists.
    await seedOfflineSession(db, TEST_SHOP, TOKEN);
    await waitFor("the first pass", () => passesDone(TEST_SHOP).length > 0);
    await waitDrained(db);
  });
  afterAll(async () => {
    await conduit?.stop();
    await adminSim?.close();
    await sims?.close();
    await database?.drop();
  });

  it("enqueues what the webhooks never delivered, and the vendor receives it", async () => {
    const events = await reconciled(TEST_SHOP);
    expect(events.map((e) => [e.topic, e.entityId, e.status]).sort()).toEqual([
      ["customers/reconcile", GRACE, "accepted"],
      ["orders/reconcile", ADA_ORDER, "accepted"],
      ["products/reconcile", PRODUCT, "accepted"],
    ]);
    const order = events.find((e) => e.entityId === ADA_ORDER)!;
    expect(order.webhookId).toBe(`reconcile:${TEST_SHOP}:order:${ADA_ORDER}:${at(20).toISOString()}`);
    expect(JSON.parse(order.payload)).toMatchObject({ id: `gid://shopify/Order/${ADA_ORDER}`, name: "#1001" });
    const rows = await db.delivery.findMany({ where: { eventId: { in: events.map((e) => e.id) } } });
    expect(rows.map((r) => [r.vendor, r.kind, r.status]).sort()).toEqual([
      ["metrilo", "customer", "delivered"],
      ["metrilo", "order", "delivered"],
      ["metrilo", "product", "delivered"],
    ]);
    expect(rows.find((r) => r.kind === "order")?.entityUpdatedAt).toEqual(at(20));

    const sim = sims.defs.metrilo;
    expect(sim.dropped).toEqual([]);
    expect(sim.customers.get("grace@example.com")).toMatchObject({ firstName: "Grace", lastName: "Hopper" });
    expect(sim.products.get(PRODUCT)).toMatchObject({ name: "Linen shirt (new season)", categories: ["412345678901"] });
    expect(sim.orders.get(ADA_ORDER)).toMatchObject({ email: "ada@example.com", amount: 108.9, products: [{ productId: PRODUCT, quantity: 2 }] });
  });

  it("leaves alone what the webhooks delivered", async () => {
    const ids = (await reconciled(TEST_SHOP)).map((e) => e.entityId);
    expect(ids).not.toContain(ADA);
    expect(ids).not.toContain(GUEST_ORDER);
    const fetched = adminSim.requests.map((r) => JSON.parse(r.body).variables?.id).filter(Boolean);
    expect(fetched).not.toContain(`gid://shopify/Customer/${ADA}`);
    expect(fetched).not.toContain(`gid://shopify/Order/${GUEST_ORDER}`);
  });

  it("enqueues nothing new on later passes, and fetches only what changed since", async () => {
    await passes(TEST_SHOP);
    adminSim.requests.length = 0;
    await passes(TEST_SHOP, 2);
    expect(await reconciled(TEST_SHOP)).toHaveLength(3);
    expect(new Set(adminSim.requests.map((r) => operation(r.body)))).toEqual(new Set(["RecentCustomers", "RecentProducts", "RecentOrders"]));

    // An orders/updated that never arrived: the newer version is fetched, and only it.
    const tagged = { ...adminSample("adaOrder"), tags: ["gift", "priority", "vip-follow-up"] };
    admin.seed({ ...seed, orders: [seedRecord(tagged, at(1)), ...seed.orders.slice(1)] });
    await waitFor("the newer order", () => reconciled(TEST_SHOP).then((events) => events.length === 4));
    const newest = (await reconciled(TEST_SHOP)).at(-1)!;
    expect(newest).toMatchObject({ topic: "orders/reconcile", entityId: ADA_ORDER });
    expect(adminSim.requests.filter((r) => operation(r.body) === "ReconcileOrder")).toHaveLength(1);
    await waitDrained(db);
  });

  it("stores a record the mappers cannot read as rejected, once, and never fetches that version again", async () => {
    const broken = { ...adminSample("linenShirt"), variants: { nodes: [] } };
    admin.seed({ ...seed, products: [seedRecord(broken, at(1))] });
    await waitFor("the rejected product", async () => (await reconciled(TEST_SHOP)).find((e) => e.status === "rejected"));
    const rejected = (await reconciled(TEST_SHOP)).filter((e) => e.status === "rejected");
    expect(rejected).toMatchObject([
      {
        topic: "products/reconcile",
        webhookId: `reconcile:${TEST_SHOP}:product:${PRODUCT}:${at(1).toISOString()}`,
        rejectReason: "not a valid products/reconcile payload: variants: a product has at least its default variant",
      },
    ]);
    expect(await db.delivery.count({ where: { eventId: rejected[0].id } })).toBe(0);
    await passes(TEST_SHOP);
    adminSim.requests.length = 0;
    await passes(TEST_SHOP, 2);
    expect(adminSim.requests.map((r) => operation(r.body))).not.toContain("ReconcileProduct");
    expect((await reconciled(TEST_SHOP)).filter((e) => e.status === "rejected")).toHaveLength(1);
  });

  it("skips a shop without an offline session", async () => {
    await passes(TEST_SHOP);
    expect(await lastReconciledAt(NO_SESSION)).toBeNull();
    expect(await reconciled(NO_SESSION)).toEqual([]);
    for (const r of adminSim.requests) expect(r.headers["x-shopify-access-token"]).toBe(TOKEN);
  });

  it("logs a refused token and moves on: nothing enqueued, the window kept, delivery unharmed", async () => {
    await connect(REVOKED);
    await seedOfflineSession(db, REVOKED, "shpat_revoked");
    await waitFor("the refusal to be logged", () => failed(REVOKED, "unauthorized").length >= 2);
    expect(failed(REVOKED, "unauthorized")[0]).toMatchObject({ level: 40, kind: "customer", err: expect.stringContaining("401") });
    expect(await reconciled(REVOKED)).toEqual([]);
    expect(await lastReconciledAt(REVOKED)).toBeNull();
    const update = { ...fixture("customers-update"), updated_at: new Date().toISOString() };
    expect((await sendWebhook(conduit.url, "customers/update", update)).status).toBe(200);
    await waitFor("the update at Metrilo", () => sims.defs.metrilo.customers.get("ada@example.com")?.firstName === "Augusta Ada");
  });

  it("logs a throttled pass and resumes it once the bucket refills", async () => {
    admin.setBucket({ currentlyAvailable: 0, restoreRate: 0 });
    const cancelled = { ...adminSample("guestOrder"), tags: ["chargeback"] };
    admin.seed({ ...seed, orders: [seed.orders[0], seedRecord(cancelled, at(0))] });
    await waitFor("a throttled pass", () => failed(TEST_SHOP, "throttled").length >= 1);
    // Each throttled pass hands its window back: the next one starts from the same point.
    const before = await lastReconciledAt(TEST_SHOP);
    await waitFor("more throttled passes", () => failed(TEST_SHOP, "throttled").length >= 3);
    expect(await lastReconciledAt(TEST_SHOP)).toEqual(before);
    expect(failed(TEST_SHOP, "throttled").at(-1)).toMatchObject({ level: 40, kind: "customer" });
    expect((await reconciled(TEST_SHOP)).map((e) => e.entityId)).not.toContain(GUEST_ORDER);
    expect(conduit.output()).not.toMatch(/unhandled|uncaught/i);

    admin.setBucket({ currentlyAvailable: 1000, restoreRate: 50 });
    await waitFor("the resumed pass", async () => (await reconciled(TEST_SHOP)).some((e) => e.entityId === GUEST_ORDER));
    await waitDrained(db);
    expect(sims.defs.metrilo.dropped).toEqual([]);
  });
});
