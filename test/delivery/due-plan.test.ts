// A drain's first read takes a connection's oldest due rows. Beside a backlog it must read them in
// the order of an index, not find every due row and sort them (85–140 ms a drain beside 100 000
// pending rows on SQLite, on the event loop that answers webhooks), on SQLite even on a table
// without statistics (a new install's).
import { describe, expect, it } from "vitest";
import { DUE_PENDING, DUE_RETRYING } from "../../app/delivery/due.server";
import { sqlDate } from "../../app/db/sql.server";
import { numbers, providers } from "../support/database";
import { freshDatabase, plan, plannable } from "../support/plans";

const BACKLOG = 20_000;

describe.each(providers().filter(plannable))(`a drain's read on %s, beside ${BACKLOG} pending rows`, (provider) => {
  const database = freshDatabase(provider);

  it("walks the pending rows oldest first by their index, and finds retrying ones due by their own", async () => {
    const db = await database();
    const shop = await db.shop.create({ data: { domain: "backlog.myshopify.com" } });
    const conn = await db.vendorConnection.create({ data: { shopId: shop.id, vendor: "metrilo", secretSettings: "{}" } });
    // Pending rows created one second apart (newest first in id order, so the id says nothing of age);
    // every tenth is retrying, due or waiting out its backoff by turns.
    await db.$executeRawUnsafe(
      `INSERT INTO "Delivery" ("id", "shopId", "connectionId", "vendor", "topic", "kind", "entityId", "status", "nextAttemptAt", "createdAt", "updatedAt")
       SELECT 'd' || (${BACKLOG} - i), '${shop.id}', '${conn.id}', 'metrilo', 'orders/updated', 'order', '' || i,
              CASE WHEN i % 10 = 0 THEN 'retrying' ELSE 'pending' END,
              (CASE WHEN i % 20 = 0 THEN '2030-01-01 00:00:00' ELSE '2026-01-01 00:00:00' END)${provider === "postgresql" ? "::timestamp" : ""},
              ${provider === "sqlite" ? `strftime('%Y-%m-%dT%H:%M:%S.000+00:00', 1700000000 + i, 'unixepoch')` : `to_timestamp(1700000000 + i)::timestamp`}, '2026-01-01 00:00:00'
       FROM ${numbers(provider, BACKLOG)}`,
    );
    // SQLite never gathers statistics by itself. PostgreSQL without them guesses one row per
    // (connection, status), and either index then looks as good; autovacuum analyses a table soon
    // after a backlog's first thousand rows, so it is planned here with them.
    if (provider === "postgresql") await db.$executeRawUnsafe(`ANALYZE "Delivery"`);
    const args = [conn.id, sqlDate(new Date("2026-06-01T00:00:00Z")), 5];

    const pending = await plan(db, provider, DUE_PENDING, ...args);
    expect(pending).toContain("Delivery_connectionId_status_createdAt_idx");
    expect(pending).not.toMatch(/TEMP B-TREE|Sort|Seq Scan|SCAN Delivery/);
    expect((await db.$queryRawUnsafe<{ entityId: string }[]>(DUE_PENDING, ...args)).map((r) => r.entityId)).toEqual(["1", "2", "3", "4", "5"]);

    const retrying = await plan(db, provider, DUE_RETRYING, ...args);
    expect(retrying).toMatch(/Delivery_connectionId_status_(nextAttemptAt|createdAt)_idx/);
    expect(retrying).not.toMatch(/Seq Scan|SCAN Delivery/);
    expect((await db.$queryRawUnsafe<{ entityId: string }[]>(DUE_RETRYING, ...args)).map((r) => r.entityId)).toEqual(["10", "30", "50", "70", "90"]);
  }, 60_000);
});
