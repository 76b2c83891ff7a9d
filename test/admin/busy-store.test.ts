// The Overview and Activity pages of a store with more orders a day than a few hundred: each
// number and list still right, newest first, and the page loads (the order count went to the
// database as one bind parameter per order: past the driver's limit the Overview failed).
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { startConduit, testEnv, type Conduit } from "../support/conduit";
import { createTestDatabase, providers, type TestDatabase } from "../support/database";
import { SIM_SETTINGS, seedConnection, seedOfflineSession } from "../support/seed";
import { TEST_SHOP } from "../support/webhooks";
import { adminFetch } from "./session";

const ORDERS = 1_500;
const DELIVERED = 1_000;
const FAILED = 30;

describe.each(providers())(`a store with ${ORDERS} orders today, on %s`, (provider) => {
  let database: TestDatabase;
  let conduit: Conduit;
  // React marks where text and values meet with empty comments; the merchant reads them as one.
  const page = async (path: string) => {
    const res = await adminFetch(conduit.url, path, { shop: TEST_SHOP });
    expect(res.status).toBe(200);
    return (await res.text()).replaceAll("<!-- -->", "");
  };

  beforeAll(async () => {
    database = await createTestDatabase(provider);
    conduit = await startConduit(testEnv(database.url, { CONDUIT_WORKER: "off" }));
    await seedOfflineSession(database.db, TEST_SHOP);
    const conn = await seedConnection(database.db, conduit.env, "metrilo", ...SIM_SETTINGS.metrilo);
    const db = database.db;
    const hourAgo = Date.now() - 3_600_000;
    await db.webhookEvent.createMany({
      data: Array.from({ length: ORDERS }, (_, i) => ({
        shopId: conn.shopId, webhookId: `w${i}`, topic: "orders/updated", entityId: String(1000 + i), payload: "{}", receivedAt: new Date(hourAgo + i),
      })),
    });
    const row = (entityId: string, status: string, at: number, topic = "orders/updated", kind = "order") => ({
      shopId: conn.shopId, connectionId: conn.id, vendor: "metrilo", topic, kind, entityId, status, createdAt: new Date(at), updatedAt: new Date(at),
    });
    await db.delivery.createMany({ data: Array.from({ length: DELIVERED }, (_, i) => row(String(1000 + i), "delivered", hourAgo + i)) });
    // Failures older than every delivered row, then one delivered row newer than all.
    await db.delivery.createMany({ data: Array.from({ length: FAILED }, (_, i) => row(`failed-${i + 1}`, i % 2 ? "dead" : "rejected", hourAgo - 60_000 + i * 1000)) });
    await db.delivery.create({ data: row("newest", "delivered", Date.now() - 1000, "orders/create") });
    // A second row of one failed record, delivered later (older than the delivered rows above).
    await db.delivery.create({ data: row("failed-7", "delivered", hourAgo - 30_000) });
    // A few customers among the orders, one still waiting.
    await db.delivery.createMany({ data: [1, 2, 3].map((i) => row(`customer-${i}`, i === 2 ? "pending" : "delivered", hourAgo - 40_000 + i, "customers/update", "customer")) });
  }, 60_000);
  afterAll(async () => {
    await conduit?.stop();
    await database?.drop();
  });

  it("the Overview counts every order and those delivered", async () => {
    expect(await page("/app")).toContain(`Orders: ${ORDERS} in Shopify in the last 24 hours (distinct orders in the order webhooks Conduit received), ${DELIVERED} delivered to Metrilo.`);
  });

  it("Activity lists the failed rows newest first, page after page, and offers the store's topics", async () => {
    const order = (html: string) => [...html.matchAll(/failed-(\d+)/g)].map((m) => Number(m[1])).filter((n, i, all) => all.indexOf(n) === i);
    const first = await page("/app/activity?status=failed");
    expect(order(first)).toEqual(Array.from({ length: 25 }, (_, i) => FAILED - i));
    expect(first).not.toContain("newest");
    expect(order(await page("/app/activity?status=failed&page=2"))).toEqual([5, 4, 3, 2, 1]);

    const all = await page("/app/activity");
    expect(all.indexOf("newest")).toBeGreaterThan(-1);
    expect(all).not.toContain("failed-");
    for (const topic of ["orders/create", "orders/updated"]) expect(all).toContain(`<option value="${topic}"`);
  });

  it("Activity finds one record's rows by its id, newest first, with the other filters, and retries its failed ones", async () => {
    const listed = (html: string) => [...html.matchAll(/href="\/app\/activity\/([^"?/]+)"/g)].map((m) => m[1]);
    const rows = await database.db.delivery.findMany({ where: { entityId: "failed-7" }, orderBy: { createdAt: "desc" } });
    expect(rows.map((r) => r.status)).toEqual(["delivered", "rejected"]);
    const both = await page("/app/activity?entity=failed-7");
    expect(listed(both)).toEqual(rows.map((r) => r.id));
    expect(both).toContain("Retry all 1 failed");
    expect(listed(await page("/app/activity?entity=failed-7&status=failed"))).toEqual([rows[1].id]);
    expect(listed(await page("/app/activity?entity=failed-7&kind=order&vendor=metrilo"))).toEqual(rows.map((r) => r.id));
    expect(listed(await page("/app/activity?entity=failed-7&kind=customer"))).toEqual([]);
    expect(listed(await page("/app/activity?entity=no-such-record"))).toEqual([]);

    const retried = await adminFetch(conduit.url, "/app/activity.data?index&entity=failed-7", { shop: TEST_SHOP, form: { intent: "retry-all" } });
    expect(await retried.text()).toMatch(/"revived",1/);
    expect((await database.db.delivery.findUniqueOrThrow({ where: { id: rows[1].id } })).status).toBe("pending");
  });

  it("Activity lists a rare kind, topic or status whatever the rows beside them, newest first", async () => {
    const listed = (html: string) => [...html.matchAll(/href="\/app\/activity\/([^"?/]+)"/g)].map((m) => m[1]);
    const customers = await database.db.delivery.findMany({ where: { kind: "customer" }, orderBy: { createdAt: "desc" } });
    expect(customers.map((r) => r.entityId)).toEqual(["customer-3", "customer-2", "customer-1"]);
    expect(listed(await page("/app/activity?kind=customer"))).toEqual(customers.map((r) => r.id));
    expect(listed(await page("/app/activity?topic=customers/update&vendor=metrilo"))).toEqual(customers.map((r) => r.id));
    expect(listed(await page("/app/activity?status=waiting&kind=customer"))).toEqual([customers[1].id]);
    expect(listed(await page("/app/activity?kind=customer&status=delivered&page=1"))).toEqual([customers[0].id, customers[2].id]);
    expect(listed(await page("/app/activity?kind=category"))).toEqual([]);
    // Many matches: the newest, by the database's walk.
    const newest = await database.db.delivery.findMany({ where: { topic: "orders/updated" }, orderBy: [{ createdAt: "desc" }, { id: "desc" }], take: 25 });
    const manyOfTopic = await page("/app/activity?topic=orders/updated");
    expect(listed(manyOfTopic)).toEqual(newest.map((r) => r.id));
    const failed = await database.db.delivery.count({ where: { topic: "orders/updated", status: { in: ["dead", "rejected"] } } });
    expect(failed).toBeGreaterThan(20);
    expect(manyOfTopic).toContain(`Retry all ${failed} failed`);
  });
});
