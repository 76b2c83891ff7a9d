// PostgreSQL: a batch's repeat check finds stored webhooks by their indexes even before the
// database has statistics for WebhookEvent (autovacuum off, or a new install's first minute).
// Without them its planner guessed that a batch's 20 event ids match a tenth of the table and read
// all of it for every batch. Seen from outside: PostgreSQL's count of rows read by table scans.
import pg from "pg";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { fixture } from "./fixtures/shopify";
import { startConduit, testEnv, type Conduit } from "./support/conduit";
import { createTestDatabase, postgresSkipReason, providers, type TestDatabase } from "./support/database";
import { withoutStatistics } from "./support/plans";
import { seedConnection } from "./support/seed";
import { sendWebhook, TEST_SHOP } from "./support/webhooks";

const postgres = providers().includes("postgresql");
if (!postgres) console.info(postgresSkipReason);
const STORED = 5_000;

describe.runIf(postgres)("intake on a PostgreSQL table never analysed", () => {
  let database: TestDatabase;
  let conduit: Conduit;
  beforeAll(async () => {
    database = await createTestDatabase("postgresql");
    conduit = await startConduit(testEnv(database.url, { CONDUIT_WORKER: "off" }));
    await seedConnection(database.db, conduit.env, "metrilo", { apiSecret: "s" }, { apiToken: "t" });
  });
  afterAll(async () => {
    await conduit?.stop("SIGKILL");
    await database?.drop();
  });

  it("reads no batch's worth of the whole table to find repeats", async () => {
    await withoutStatistics(database.db, "postgresql", "WebhookEvent");
    const { id: shopId } = await database.db.shop.findUniqueOrThrow({ where: { domain: TEST_SHOP } });
    await database.db.$executeRawUnsafe(
      `INSERT INTO "WebhookEvent" ("id", "shopId", "webhookId", "eventId", "topic", "payload") ` +
        `SELECT 'old-' || g, $1, 'old-w-' || g, 'old-v-' || g, 'orders/create', '{}' FROM generate_series(1, ${STORED}) g`,
      shopId,
    );
    // PostgreSQL's counts, read by a connection of our own that scans nothing itself.
    const observer = new pg.Client({ connectionString: database.url });
    await observer.connect();
    const scalar = async (sql: string) => Number((await observer.query(sql)).rows[0].n);
    const rowsScanned = () => scalar(`SELECT "seq_tup_read" AS n FROM pg_stat_user_tables WHERE "relname" = 'WebhookEvent'`);
    try {
      await database.db.$disconnect();
      const before = await rowsScanned();

      const ids = Array.from({ length: 60 }, (_, i) => `plan-${i}`);
      const answers = await Promise.all(ids.map((id, i) => sendWebhook(conduit.url, "orders/create", { ...fixture("orders-create"), id: 9_000 + i }, { webhookId: id })));
      expect(answers.map((r) => r.status)).toEqual(ids.map(() => 200));
      // A backend reports its counts at the latest when it ends: stop the server, wait for its connections to go.
      await conduit.stop();
      const others = `SELECT count(*) AS n FROM pg_stat_activity WHERE "datname" = current_database() AND "pid" <> pg_backend_pid()`;
      await expect.poll(() => scalar(others), { timeout: 10_000 }).toBe(0);

      // A batch that scanned read all STORED rows (5 004 for 60 webhooks before); by index, none.
      expect((await rowsScanned()) - before).toBe(0);
      expect(await scalar(`SELECT count(*) AS n FROM "WebhookEvent" WHERE "webhookId" LIKE 'plan-%'`)).toBe(ids.length);
    } finally {
      await observer.end();
    }
  }, 60_000);
});
