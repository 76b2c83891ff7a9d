// A store's history as the intake meets it, for `bench/ab.ts … '.:HISTORY=1000000'`: a month of
// webhooks, each with its delivered row, keyed as Shopify keys them. Webhook and event ids are
// random UUIDs, so every new webhook lands on its own pages of their indexes wherever the history
// put them, a cost an empty database (the intake rows' own) cannot show. Measured with it
// (docs/scaling.md, "Intake beside a month of history"): 4–8 %, so the bench's intake rows stay on
// an empty database. Only alternating runs can tell a difference that size from the machine's drift.
import { randomUUID } from "node:crypto";
import { closeSync, fsyncSync, openSync } from "node:fs";
import type { TestDatabase } from "../test/support/database";
import { numbers } from "../test/support/database";

const AT = "2026-11-20T00:00:00.000Z";

/** Secondary indexes of `tables`, as the statements that make them. */
async function indexes(t: TestDatabase, tables: string[]): Promise<{ name: string; sql: string }[]> {
  const list = tables.map((n) => `'${n}'`).join(", ");
  const rows: { name: string; sql: string }[] =
    t.provider === "sqlite"
      ? await t.db.$queryRawUnsafe(`SELECT name, sql FROM sqlite_master WHERE type = 'index' AND tbl_name IN (${list}) AND sql IS NOT NULL`)
      : await t.db.$queryRawUnsafe(`SELECT indexname::text AS name, indexdef AS sql FROM pg_indexes WHERE tablename IN (${list}) AND indexname NOT LIKE '%_pkey'`);
  return rows;
}

/**
 * `n` orders/create webhooks received a while ago, each delivered to `connectionId`, with small
 * payloads (the indexes are what a new webhook meets; a month of 10 KB bodies would be 10 GB).
 * The secondary indexes are built after the rows, as a restore would: ten times faster than
 * inserting into them, and the same indexes afterwards.
 */
export async function seedHistory(t: TestDatabase, shopId: string, connectionId: string, n: number): Promise<void> {
  const sqlite = t.provider === "sqlite";
  const uuid = sqlite ? "lower(hex(randomblob(16)))" : "md5(random()::text || i)";
  const orderId = sqlite ? "CAST(abs(random() % 10000000000) AS TEXT)" : "(random() * 1e10)::bigint::text";
  const at = sqlite ? AT.replace("Z", "+00:00") : AT.replace("Z", "");
  const built = await indexes(t, ["WebhookEvent", "Delivery"]);
  for (const { name } of built) await t.db.$executeRawUnsafe(`DROP INDEX "${name}"`);
  await t.db.$executeRawUnsafe(
    `INSERT INTO "WebhookEvent" ("id", "shopId", "webhookId", "eventId", "topic", "receivedAt", "status", "entityId", "payload")
     SELECT 'h' || i, '${shopId}', ${uuid}, ${uuid}, 'orders/create', '${at}', 'accepted', ${orderId}, '{"note":"${randomUUID()}"}' FROM ${numbers(t.provider, n)}`,
  );
  await t.db.$executeRawUnsafe(
    `INSERT INTO "Delivery" ("id", "shopId", "connectionId", "vendor", "eventId", "topic", "kind", "op", "entityId", "status", "attempts", "nextAttemptAt", "createdAt", "updatedAt")
     SELECT 'd' || e."id", e."shopId", '${connectionId}', 'metrilo', e."id", e."topic", 'order', 'upsert', e."entityId", 'delivered', 1, e."receivedAt", e."receivedAt", e."receivedAt" FROM "WebhookEvent" e`,
  );
  for (const { sql } of built) await t.db.$executeRawUnsafe(sql);
  // As a month-old database is, at rest: its WAL checkpointed, PostgreSQL's statistics taken, and
  // the gigabyte just written on disk, not flushed by the kernel during the measured load.
  if (sqlite) {
    await t.db.$queryRawUnsafe("PRAGMA wal_checkpoint(TRUNCATE)");
    const file = openSync(t.url.slice("file:".length), "r+");
    fsyncSync(file);
    closeSync(file);
  } else {
    await t.db.$executeRawUnsafe(`VACUUM ANALYZE "WebhookEvent", "Delivery"`);
    await t.db.$executeRawUnsafe("CHECKPOINT");
  }
}
