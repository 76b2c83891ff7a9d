// /metrics counts the outbox every scrape interval; in the embedded default on the event loop that
// answers webhooks. Each connection's count must be a range of its own index, in status order, not
// a read and sort of the whole outbox (630 ms beside 1.2 million rows), even on tables without
// statistics (a new install's).
import { describe, expect, it } from "vitest";
import { CONNECTION_ROWS } from "../../app/delivery/metrics.server";
import { numbers, providers } from "../support/database";
import { freshDatabase, plan, plannable, withoutStatistics } from "../support/plans";

const ROWS = 20_000;

describe.each(providers().filter(plannable))(`the outbox count for /metrics on %s, beside ${ROWS} rows`, (provider) => {
  const database = freshDatabase(provider);

  it("reads one connection's rows by its index, and on SQLite groups them without a sort", async () => {
    const db = await database();
    const shop = await db.shop.create({ data: { domain: "busy.myshopify.com" } });
    const [mine, other] = await Promise.all(
      ["metrilo", "tracify"].map((vendor) => db.vendorConnection.create({ data: { shopId: shop.id, vendor, secretSettings: "{}" } })),
    );
    await db.$executeRawUnsafe(
      `INSERT INTO "Delivery" ("id", "shopId", "connectionId", "vendor", "topic", "kind", "entityId", "status", "createdAt", "updatedAt")
       SELECT 'd' || i, '${shop.id}', CASE WHEN i % 2 = 0 THEN '${mine.id}' ELSE '${other.id}' END, 'v', 'orders/updated', 'order', '' || i,
              CASE WHEN i % 100 = 0 THEN 'dead' WHEN i % 10 = 0 THEN 'pending' ELSE 'delivered' END, '2026-01-01 00:00:00', '2026-01-01 00:00:00'
       FROM ${numbers(provider, ROWS)}`,
    );
    await withoutStatistics(db, provider, "Delivery");

    const text = await plan(db, provider, CONNECTION_ROWS, mine.id);
    expect(text).toMatch(/Delivery_connectionId_status_(nextAttemptAt|createdAt)_idx/);
    expect(text).not.toMatch(/Seq Scan|SCAN Delivery/);
    // SQLite's statements run on the event loop: the rows come in status order, counted as they pass.
    if (provider === "sqlite") expect(text).not.toContain("TEMP B-TREE");
    const rows = await db.$queryRawUnsafe<{ status: string; n: unknown }[]>(CONNECTION_ROWS, mine.id);
    expect(Object.fromEntries(rows.map((r) => [r.status, Number(r.n)]))).toEqual({ dead: 200, pending: 1_800, delivered: 8_000 });
  }, 60_000);
});
