// Webhook intake through the real server (node server.js) on a real database: the answers
// Shopify gets and exactly the rows they leave behind. Runs on SQLite, and on PostgreSQL too
// when DATABASE_URL names one.
import { createClient } from "@libsql/client";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { fixture } from "./fixtures/shopify";
import { startConduit, testEnv, type Conduit } from "./support/conduit";
import { createTestDatabase, postgresSkipReason, providers, type TestDatabase } from "./support/database";
import { seedConnection, seedOfflineSession } from "./support/seed";
import { sendWebhook, sign, TEST_SHOP } from "./support/webhooks";
import { waitFor } from "./support/wait";

if (!providers().includes("postgresql")) console.info(postgresSkipReason);

describe.each(providers())("webhook intake on %s", (provider) => {
  let database: TestDatabase;
  let conduit: Conduit;
  let db: TestDatabase["db"];

  beforeAll(async () => {
    database = await createTestDatabase(provider);
    db = database.db;
    // No worker: this suite is about what intake stores, not what is delivered.
    conduit = await startConduit(testEnv(database.url, { CONDUIT_WORKER: "off" }));
    await seedConnection(db, conduit.env, "metrilo", { apiSecret: "s" }, { apiToken: "t" });
    await seedConnection(db, conduit.env, "ometria", { apiKey: "k" }, { accountId: "a" });
  });
  afterAll(async () => {
    await conduit?.stop();
    await database?.drop();
  });

  it("stores a valid webhook and one outbox row per connection that wants it, then answers 200", async () => {
    const res = await sendWebhook(conduit.url, "customers/create", fixture("customers-create"), { webhookId: "valid-1" });
    expect(res.status).toBe(200);
    const event = await db.webhookEvent.findUniqueOrThrow({ where: { webhookId: "valid-1" }, include: { deliveries: true } });
    expect(event).toMatchObject({ topic: "customers/create", status: "accepted", entityId: String(fixture("customers-create").id), apiVersion: "2026-10" });
    // The raw body exactly as Shopify sent it, not a re-serialisation.
    expect(event.payload).toBe(JSON.stringify(fixture("customers-create")));
    expect(event.deliveries.map((d) => d.vendor).sort()).toEqual(["metrilo", "ometria"]);
    for (const d of event.deliveries) {
      expect(d).toMatchObject({ kind: "customer", op: "upsert", status: "pending", attempts: 0 });
      expect(d.entityUpdatedAt?.toISOString()).toBe(new Date(fixture("customers-create").updated_at).toISOString());
    }
  });

  it("stores a body of multi-byte characters as the same text, split over many reads or not", async () => {
    // Intake keeps the received bytes until the database, which must store text, not a blob.
    const name = "Zoë Ångström 東京 🎉";
    for (const [webhookId, padding] of [["utf8-small", 0], ["utf8-large", 300_000]] as const) {
      const body = JSON.stringify({ ...fixture("customers-create"), first_name: name, note: "é".repeat(padding) });
      expect((await sendWebhook(conduit.url, "customers/create", null, { webhookId, rawBody: body })).status).toBe(200);
      const event = await db.webhookEvent.findUniqueOrThrow({ where: { webhookId } });
      expect(event.payload).toBe(body);
      // length() counts characters of text, bytes of a blob, on both databases.
      const [{ n }] = await db.$queryRawUnsafe<{ n: number | bigint }[]>(`SELECT length("payload") AS n FROM "WebhookEvent" WHERE "webhookId" = '${webhookId}'`);
      expect(Number(n)).toBe([...body].length);
    }
  });

  it("stores a signed body that is not valid UTF-8 with each bad byte as U+FFFD, as it always did", async () => {
    const [head, tail] = JSON.stringify({ ...fixture("customers-create"), note: "@@" }).split("@@");
    const rawBody = Buffer.concat([Buffer.from(head), Buffer.from([0xff, 0xfe]), Buffer.from(tail)]);
    expect((await sendWebhook(conduit.url, "customers/create", null, { webhookId: "not-utf8", rawBody })).status).toBe(200);
    const event = await db.webhookEvent.findUniqueOrThrow({ where: { webhookId: "not-utf8" } });
    expect(event).toMatchObject({ status: "accepted", payload: `${head}\uFFFD\uFFFD${tail}` });
  });

  it("routes only to vendors that want the topic", async () => {
    await sendWebhook(conduit.url, "collections/create", fixture("collections-create"), { webhookId: "coll-1" });
    const event = await db.webhookEvent.findUniqueOrThrow({ where: { webhookId: "coll-1" }, include: { deliveries: true } });
    // Ometria has no categories; Metrilo does.
    expect(event.deliveries.map((d) => d.vendor)).toEqual(["metrilo"]);
  });

  it("answers 401 to a tampered body and stores nothing", async () => {
    const body = JSON.stringify(fixture("orders-create"));
    const res = await sendWebhook(conduit.url, "orders/create", null, {
      webhookId: "tampered",
      rawBody: body.replace('"total_price":"', '"total_price":"1'),
      headers: { "X-Shopify-Hmac-Sha256": sign(body) },
    });
    expect(res.status).toBe(401);
    expect(await db.webhookEvent.count({ where: { webhookId: "tampered" } })).toBe(0);
  });

  it("answers 400 when the topic header is missing, 405 to GET", async () => {
    const missing = await sendWebhook(conduit.url, "orders/create", fixture("orders-create"), { webhookId: "no-topic", headers: { "X-Shopify-Topic": undefined } });
    expect(missing.status).toBe(400);
    expect((await fetch(`${conduit.url}/webhooks/orders/create`)).status).toBe(405);
    expect(await db.webhookEvent.count({ where: { webhookId: "no-topic" } })).toBe(0);
  });

  it("answers 400 when the topic header and the URL disagree", async () => {
    const res = await fetch(`${conduit.url}/webhooks/orders/create`, {
      method: "POST",
      headers: { ...(await headersFor("products/update", fixture("products-update"))) },
      body: JSON.stringify(fixture("products-update")),
    });
    expect(res.status).toBe(400);
  });

  it("stores the same delivery once, however often Shopify retries it", async () => {
    for (let i = 0; i < 3; i++) {
      const res = await sendWebhook(conduit.url, "orders/create", fixture("orders-create"), { webhookId: "dup-1", eventId: "evt-dup" });
      expect(res.status).toBe(200);
    }
    // Same event through another subscription: new webhook id, same event id.
    await sendWebhook(conduit.url, "orders/create", fixture("orders-create"), { webhookId: "dup-2", eventId: "evt-dup" });
    expect(await db.webhookEvent.count({ where: { eventId: "evt-dup" } })).toBe(1);
    const event = await db.webhookEvent.findUniqueOrThrow({ where: { webhookId: "dup-1" }, include: { deliveries: true } });
    expect(event.deliveries).toHaveLength(2);
  });

  it("keeps a validly signed but malformed body as rejected, answers 200, and counts it", async () => {
    const res = await sendWebhook(conduit.url, "orders/create", null, { webhookId: "bad-json", rawBody: '{"id": 1, "line_items": [' });
    expect(res.status).toBe(200);
    const event = await db.webhookEvent.findUniqueOrThrow({ where: { webhookId: "bad-json" }, include: { deliveries: true } });
    expect(event.status).toBe("rejected");
    expect(event.rejectReason).toMatch(/not valid JSON/);
    expect(event.deliveries).toHaveLength(0);
  });

  it("keeps JSON that is not a valid payload for its topic as rejected, naming the field", async () => {
    const order = fixture("orders-create");
    delete order.id;
    await sendWebhook(conduit.url, "orders/create", order, { webhookId: "no-id" });
    const event = await db.webhookEvent.findUniqueOrThrow({ where: { webhookId: "no-id" } });
    expect(event.status).toBe("rejected");
    expect(event.rejectReason).toMatch(/^not a valid orders\/create payload: id/);
  });

  it("checks the whole payload of a webhook kept only as history, since no delivery will map it", async () => {
    await seedOfflineSession(db, "history.myshopify.com"); // installed, nothing connected
    const order = fixture("orders-create");
    delete order.name; // id and version intact
    expect((await sendWebhook(conduit.url, "orders/create", order, { shop: "history.myshopify.com", webhookId: "history-nameless" })).status).toBe(200);
    const event = await db.webhookEvent.findUniqueOrThrow({ where: { webhookId: "history-nameless" } });
    expect(event).toMatchObject({ status: "rejected", rejectReason: "not a valid orders/create payload: name: Required" });
  });

  it("keeps history for a shop with no connections, unless the merchant turned that off", async () => {
    await seedOfflineSession(db, "other.myshopify.com"); // installed, nothing connected yet
    await sendWebhook(conduit.url, "products/create", fixture("products-create"), { shop: "other.myshopify.com", webhookId: "other-1" });
    expect(await db.webhookEvent.count({ where: { webhookId: "other-1" } })).toBe(1);
    await db.shop.update({ where: { domain: "other.myshopify.com" }, data: { storeUnroutedEvents: false } });
    const res = await sendWebhook(conduit.url, "products/update", fixture("products-update"), { shop: "other.myshopify.com", webhookId: "other-2" });
    expect(res.status).toBe(200);
    expect(await db.webhookEvent.count({ where: { webhookId: "other-2" } })).toBe(0);
  });

  it("app/scopes_update updates the stored session scope", async () => {
    await seedOfflineSession(db);
    await sendWebhook(conduit.url, "app/scopes_update", { previous: ["read_orders"], current: ["read_orders", "read_products", "write_pixels"] });
    const session = await db.session.findUniqueOrThrow({ where: { id: `offline_${TEST_SHOP}` } });
    expect(session.scope).toBe("read_orders,read_products,write_pixels");
  });

  it("customers/data_request records what Conduit holds on that customer", async () => {
    const c = fixture("customers-create");
    await sendWebhook(conduit.url, "customers/data_request", {
      shop_id: 1, shop_domain: TEST_SHOP, customer: { id: c.id, email: c.email, phone: null }, orders_requested: [fixture("orders-create").id], data_request: { id: 99 },
    });
    // The report is written once the webhook is answered.
    const request = await waitFor("the data request's report", () =>
      db.privacyRequest.findFirst({ where: { topic: "customers/data_request", status: "completed" } }).then((r) => r ?? undefined));
    const report = JSON.parse(request.report!);
    expect(request).toMatchObject({ customerId: String(c.id), status: "completed" });
    expect(report.storedEvents.map((e: { topic: string }) => e.topic)).toEqual(expect.arrayContaining(["customers/create", "orders/create"]));
    expect(report.deliveriesByVendor.metrilo.pending).toBeGreaterThan(0);
  });

  it("customers/redact erases the customer's data from stored events and outbox rows", async () => {
    const c = fixture("customers-create");
    await sendWebhook(conduit.url, "customers/redact", {
      shop_id: 1, shop_domain: TEST_SHOP, customer: { id: c.id, email: c.email, phone: null }, orders_to_redact: [fixture("orders-create").id],
    });
    await waitFor("the erasure after the answer", async () => (await db.privacyRequest.count({ where: { topic: "customers/redact", status: "completed" } })) === 1);
    const events = await db.webhookEvent.findMany({ where: { shop: { domain: TEST_SHOP }, topic: { in: ["customers/create", "orders/create"] }, status: "accepted" } });
    expect(events.length).toBeGreaterThan(0);
    for (const e of events) expect(e.payload).not.toContain(c.email);
    const rows = await db.delivery.findMany({ where: { eventId: { in: events.map((e) => e.id) } } });
    expect(rows.every((r) => r.status === "skipped" && r.sentBody === null)).toBe(true);
    expect(await db.privacyRequest.count({ where: { topic: "customers/redact", status: "completed" } })).toBe(1);
  });

  it("app/uninstalled deletes sessions and pauses connections, idempotently", async () => {
    for (const id of ["uninstall-1", "uninstall-2"]) {
      expect((await sendWebhook(conduit.url, "app/uninstalled", { id: 1, domain: TEST_SHOP }, { webhookId: id })).status).toBe(200);
    }
    expect(await db.session.count({ where: { shop: TEST_SHOP } })).toBe(0);
    const conns = await db.vendorConnection.findMany({ where: { shop: { domain: TEST_SHOP } } });
    expect(conns.every((c) => c.status === "paused")).toBe(true);
    expect((await db.shop.findUniqueOrThrow({ where: { domain: TEST_SHOP } })).uninstalledAt).not.toBeNull();
  });

  it("shop/redact deletes everything of that shop", async () => {
    expect((await sendWebhook(conduit.url, "shop/redact", { shop_id: 1, shop_domain: TEST_SHOP })).status).toBe(200);
    // Answered once stored; deleted right after (app/privacy/shop-redact.server.ts).
    await waitFor("the shop's deletion", async () => (await db.shop.count({ where: { domain: TEST_SHOP } })) === 0);
    expect(await db.session.count({ where: { shop: TEST_SHOP } })).toBe(0);
    expect(await db.delivery.count({ where: { shop: { domain: TEST_SHOP } } })).toBe(0);
    expect(await db.webhookEvent.count({ where: { webhookId: "valid-1" } })).toBe(0);
    // Other shops keep their data.
    expect(await db.shop.count({ where: { domain: "other.myshopify.com" } })).toBe(1);
  });

  it("answers 503, not 200, when the database cannot store the webhook", async () => {
    await seedOfflineSession(db); // installed again: the test before erased this shop
    // SQLite: another process holds the write lock past the busy timeout. PostgreSQL: unreachable.
    const env = provider === "sqlite"
      ? testEnv(database.url, { CONDUIT_WORKER: "off", SQLITE_BUSY_TIMEOUT_MS: "200" })
      : testEnv("postgres://postgres@127.0.0.1:1/unreachable", { CONDUIT_WORKER: "off" });
    const broken = await startConduit(env);
    const lock = provider === "sqlite" ? createClient({ url: database.url }) : undefined;
    try {
      await lock?.execute("BEGIN EXCLUSIVE");
      const res = await sendWebhook(broken.url, "orders/create", fixture("orders-create"), { webhookId: "no-db" });
      expect(res.status).toBe(503);
      expect(res.headers.get("retry-after")).toBe("5");
    } finally {
      await lock?.execute("ROLLBACK");
      lock?.close();
      await broken.stop();
    }
    expect(await db.webhookEvent.count({ where: { webhookId: "no-db" } })).toBe(0);
  });
});

async function headersFor(topic: string, payload: unknown) {
  return {
    "Content-Type": "application/json",
    "X-Shopify-Hmac-Sha256": sign(JSON.stringify(payload)),
    "X-Shopify-Topic": topic,
    "X-Shopify-Shop-Domain": TEST_SHOP,
    "X-Shopify-API-Version": "2026-10",
    "X-Shopify-Webhook-Id": `mismatch-${Date.now()}`,
  };
}
