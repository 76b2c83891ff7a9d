// What Shopify's HMAC does not cover: the shop header and Triggered-At. Captured, validly signed
// deliveries replayed with another shop's header, from the past, or for a shop Conduit never knew
// must leave nothing behind — through the real server on a real database.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { fixture } from "../fixtures/shopify";
import { startConduit, testEnv, type Conduit } from "../support/conduit";
import { createTestDatabase, providers, type TestDatabase } from "../support/database";
import { seedConnection, seedOfflineSession } from "../support/seed";
import { waitFor } from "../support/wait";
import { sendWebhook, TEST_SHOP } from "../support/webhooks";

const VICTIM = "victim.myshopify.com";

describe.each(providers())("the shop header on %s", (provider) => {
  let database: TestDatabase;
  let conduit: Conduit;
  let db: TestDatabase["db"];

  beforeAll(async () => {
    database = await createTestDatabase(provider);
    db = database.db;
    conduit = await startConduit(testEnv(database.url, { CONDUIT_WORKER: "off" }));
    await seedConnection(db, conduit.env, "metrilo", { apiSecret: "s" }, { apiToken: "t" });
    await seedConnection(db, conduit.env, "metrilo", { apiSecret: "s" }, { apiToken: "t" }, VICTIM);
    await seedOfflineSession(db, VICTIM);
  });
  afterAll(async () => {
    await conduit?.stop();
    await database?.drop();
  });

  it("does not let a captured shop/redact of one shop erase another", async () => {
    const res = await sendWebhook(conduit.url, "shop/redact", { shop_id: 1, shop_domain: TEST_SHOP }, { shop: VICTIM });
    expect(res.status).toBe(403);
    expect(await db.shop.count({ where: { domain: VICTIM } })).toBe(1);
    expect(await db.vendorConnection.count({ where: { shop: { domain: VICTIM } } })).toBe(1);
    expect(await db.session.count({ where: { shop: VICTIM } })).toBe(1);
  });

  it("learns each shop's numeric id from a signed payload naming its domain, then holds payloads to it", async () => {
    const request = (shop_id: number, extra: object = {}) => ({ shop_id, customer: { id: 7, email: "x@example.com" }, orders_requested: [], ...extra });
    const learn = await sendWebhook(conduit.url, "customers/data_request", request(1001, { shop_domain: TEST_SHOP }), { webhookId: "learn-id" });
    expect(learn.status).toBe(200);
    expect((await db.shop.findUniqueOrThrow({ where: { domain: TEST_SHOP } })).shopifyId).toBe("1001");
    // The same body, naming the shop by id only, replayed with another installed shop's header.
    const replayed = await sendWebhook(conduit.url, "customers/data_request", request(1001), { shop: VICTIM, webhookId: "id-replay" });
    expect(replayed.status).toBe(403);
    expect(await replayed.text()).toMatch(/shop_id 1001 belongs to conduit-test.myshopify.com/);
    const foreign = await sendWebhook(conduit.url, "customers/data_request", request(555), { webhookId: "id-foreign" });
    expect(foreign.status).toBe(403);
    expect(await foreign.text()).toMatch(/shop_id 555 is not .*\(1001\)/);
    expect(await db.webhookEvent.count({ where: { webhookId: { in: ["id-replay", "id-foreign"] } } })).toBe(0);
    expect(await db.privacyRequest.count({ where: { shop: { domain: VICTIM } } })).toBe(0);
  });

  it("does not erase a shop that is still installed, and erases it once uninstalled", async () => {
    const redact = { shop_id: 2, shop_domain: VICTIM };
    expect((await sendWebhook(conduit.url, "shop/redact", redact, { shop: VICTIM })).status).toBe(200);
    expect(await db.vendorConnection.count({ where: { shop: { domain: VICTIM } } })).toBe(1);
    expect((await sendWebhook(conduit.url, "app/uninstalled", { id: 2, domain: VICTIM, myshopify_domain: VICTIM }, { shop: VICTIM })).status).toBe(200);
    expect((await sendWebhook(conduit.url, "shop/redact", redact, { shop: VICTIM })).status).toBe(200);
    await waitFor("the shop's deletion", async () => (await db.shop.count({ where: { domain: VICTIM } })) === 0);
  });

  it("refuses a privacy request whose payload names another shop", async () => {
    const c = fixture("customers-create");
    const res = await sendWebhook(conduit.url, "customers/redact", { shop_id: 1, shop_domain: "elsewhere.myshopify.com", customer: { id: c.id, email: c.email }, orders_to_redact: [] }, { webhookId: "redact-other" });
    expect(res.status).toBe(403);
    expect(await db.privacyRequest.count({ where: { topic: "customers/redact" } })).toBe(0);
    expect(await db.webhookEvent.count({ where: { webhookId: "redact-other" } })).toBe(0);
  });

  it("refuses an order whose status URL is another shop's", async () => {
    const order = { ...fixture("orders-create"), order_status_url: "https://elsewhere.myshopify.com/1/orders/abc/authenticate?key=k" };
    const res = await sendWebhook(conduit.url, "orders/create", order, { webhookId: "order-other" });
    expect(res.status).toBe(403);
    expect(await db.webhookEvent.count({ where: { webhookId: "order-other" } })).toBe(0);
  });

  it("refuses data webhooks for a shop Conduit never knew, keeping none of the payload", async () => {
    const res = await sendWebhook(conduit.url, "customers/create", fixture("customers-create"), { shop: "stranger.myshopify.com", webhookId: "stranger-1" });
    expect(res.status).toBe(403);
    expect(await db.webhookEvent.count({ where: { webhookId: "stranger-1" } })).toBe(0);
    expect(await db.shop.count({ where: { domain: "stranger.myshopify.com" } })).toBe(0);
    // Compliance topics are acknowledged: nothing is held, so there is nothing to erase or report.
    const privacy = await sendWebhook(conduit.url, "customers/redact", { shop_id: 9, shop_domain: "stranger.myshopify.com", customer: { id: 1 }, orders_to_redact: [] }, { shop: "stranger.myshopify.com" });
    expect(privacy.status).toBe(200);
    expect(await db.shop.count({ where: { domain: "stranger.myshopify.com" } })).toBe(0);
  });

  it("refuses a delivery replayed long after Shopify's retry window, and one without Triggered-At", async () => {
    const old = await sendWebhook(conduit.url, "customers/create", fixture("customers-create"), { webhookId: "replay-2020", headers: { "X-Shopify-Triggered-At": "2020-01-01T00:00:00Z" } });
    expect(old.status).toBe(403);
    expect(await old.text()).toMatch(/CONDUIT_WEBHOOK_MAX_AGE_HOURS/);
    const none = await sendWebhook(conduit.url, "customers/create", fixture("customers-create"), { webhookId: "replay-none", headers: { "X-Shopify-Triggered-At": undefined } });
    expect(none.status).toBe(400);
    expect(await db.webhookEvent.count({ where: { webhookId: { in: ["replay-2020", "replay-none"] } } })).toBe(0);
    // A delivery 3 hours old (a late Shopify retry) is still taken.
    const late = await sendWebhook(conduit.url, "customers/create", fixture("customers-create"), { webhookId: "retry-3h", headers: { "X-Shopify-Triggered-At": new Date(Date.now() - 3 * 3_600_000).toISOString() } });
    expect(late.status).toBe(200);
    expect(await db.webhookEvent.count({ where: { webhookId: "retry-3h" } })).toBe(1);
  });
});
