// The admin's reads run, in the embedded default, on the event loop that answers webhooks, and
// the Activity page repeats them every few seconds. Each must go by an index of its own however
// large the outbox, even on tables without statistics (a new install's): the topic filter's
// choices and the Overview's delivered orders read every row of the shop before (2 s and 400 ms
// beside 300 000 rows), and the entity filter every row of the shop's outbox (300 ms beside 1.2
// million).
import { describe, expect, it } from "vitest";
import { DELIVERED_IN_PERIOD, ORDER_TOPICS, ORDERS_IN_PERIOD } from "../../app/admin/accuracy.server";
import { SHOP_TOPICS } from "../../app/admin/activity.server";
import { FEW_ROWS } from "../../app/admin/few-rows.server";
import { sqlDate } from "../../app/db/sql.server";
import { numbers, providers } from "../support/database";
import { freshDatabase, plan, plannable, withoutStatistics } from "../support/plans";

const ROWS = 20_000;

describe.each(providers().filter(plannable))(`the admin's reads on %s, beside ${ROWS} delivered orders`, (provider) => {
  const database = freshDatabase(provider);

  it("go by their own indexes, not the shop's whole outbox", async () => {
    const db = await database();
    const shop = await db.shop.create({ data: { domain: "busy.myshopify.com" } });
    const conn = await db.vendorConnection.create({ data: { shopId: shop.id, vendor: "metrilo", secretSettings: "{}" } });
    await db.$executeRawUnsafe(
      `INSERT INTO "Delivery" ("id", "shopId", "connectionId", "vendor", "topic", "kind", "entityId", "status", "createdAt", "updatedAt")
       SELECT 'd' || i, '${shop.id}', '${conn.id}', 'metrilo', 'orders/updated', 'order', '' || i, 'delivered', '2026-01-01 00:00:00', '2026-01-01 00:00:00' FROM ${numbers(provider, ROWS)}`,
    );
    await db.$executeRawUnsafe(
      `INSERT INTO "WebhookEvent" ("id", "shopId", "webhookId", "topic", "status", "entityId", "payload", "receivedAt")
       SELECT 'e' || i, '${shop.id}', 'w' || i, 'orders/updated', 'accepted', '' || i, '{}', '2026-01-01 00:00:00' FROM ${numbers(provider, ROWS)}`,
    );
    // Today's three orders: two delivered (above), one not.
    const today = new Date();
    await db.webhookEvent.createMany({
      data: ["5", "7", "no-delivery"].map((entityId) => ({ shopId: shop.id, webhookId: `today-${entityId}`, topic: "orders/create", entityId, payload: "{}", receivedAt: today })),
    });
    for (const table of ["Delivery", "WebhookEvent"]) await withoutStatistics(db, provider, table);

    const topics = await plan(db, provider, SHOP_TOPICS, shop.id, shop.id);
    expect(topics).toContain("Delivery_shopId_topic_idx");
    expect(topics).not.toMatch(/Seq Scan on "?Delivery|SCAN Delivery|shopId_vendor_status|shopId_createdAt/);
    expect(await db.$queryRawUnsafe(SHOP_TOPICS, shop.id, shop.id)).toEqual([{ topic: "orders/updated" }]);

    const period = [shop.id, ...ORDER_TOPICS, sqlDate(new Date(today.getTime() - 60_000))];
    const delivered = await plan(db, provider, DELIVERED_IN_PERIOD, ...period, shop.id);
    expect(delivered).toContain("Delivery_connectionId_kind_entityId_idx");
    expect(delivered).not.toMatch(/Seq Scan on "?(Delivery|WebhookEvent)|SCAN (d|Delivery|WebhookEvent)\b|connectionId_status_nextAttemptAt/);
    const orders24h = await plan(db, provider, ORDERS_IN_PERIOD, ...period);
    expect(orders24h).toContain("WebhookEvent_shopId_topic_receivedAt_idx"); // not every shop's events of the period
    expect(orders24h).not.toMatch(/Seq Scan|SCAN WebhookEvent/);
    const [orders] = await db.$queryRawUnsafe<{ n: unknown }[]>(ORDERS_IN_PERIOD, ...period);
    expect(Number(orders.n)).toBe(3);
    // The Activity filters that may match few rows: each probe by its own index (few-rows.server.ts).
    const kinds = ["customer", "category", "product", "order", "storefront_event"];
    const probes: [string, string, unknown[], string][] = [
      [FEW_ROWS.entity(1, kinds.length), "Delivery_connectionId_kind_entityId_idx", [conn.id, ...kinds, "5"], "d5"],
      [FEW_ROWS.topic(), "Delivery_shopId_topic_idx", [shop.id, "orders/updated"], "d1"],
      [FEW_ROWS.status(2, 2), "Delivery_shopId_vendor_status_idx", [shop.id, "metrilo", "ometria", "delivered", "dead"], "d1"],
      [FEW_ROWS.kind(1), "Delivery_connectionId_kind_entityId_idx", [conn.id, "order"], "d1"],
    ];
    for (const [sql, index, args, first] of probes) {
      const probe = await plan(db, provider, sql, ...args);
      expect(probe).toContain(index);
      expect(probe).not.toMatch(/Seq Scan|SCAN Delivery|shopId_createdAt|connectionId_status/);
      expect((await db.$queryRawUnsafe<{ id: string }[]>(sql, ...args)).map((r) => r.id)).toContain(first);
    }

    const byVendor = await db.$queryRawUnsafe<{ vendor: string; n: unknown }[]>(DELIVERED_IN_PERIOD, ...period, shop.id);
    expect(byVendor.map((r) => [r.vendor, Number(r.n)])).toEqual([["metrilo", 2]]);
  }, 60_000);
});
