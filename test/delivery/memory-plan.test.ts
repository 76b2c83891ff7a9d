// PostgreSQL: a call reads the vendor's memory (SyncState) of its own records by index, key by
// key, even before the database has statistics for the table (autovacuum off, or a new install's
// first import). Without them its planner read the connection's whole scope for every call, and
// each call cost more than the last. Seen from outside: PostgreSQL's count of index entries read.
import pg from "pg";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { customer } from "../support/entities";
import { postgresSkipReason, providers } from "../support/database";
import { withoutStatistics } from "../support/plans";
import { startRig, type Rig } from "../support/rig";
import { waitDrained } from "../support/drained";

const postgres = providers().includes("postgresql");
if (!postgres) console.info(postgresSkipReason);
const REMEMBERED = 5_000;
const SENT = 5;

describe.runIf(postgres)("a vendor's memory on a PostgreSQL table never analysed", () => {
  let rig: Rig;
  let connectionId: string;
  beforeAll(async () => {
    rig = await startRig("postgresql");
    connectionId = (await rig.connect("metrilo")).id;
  });
  afterAll(() => rig?.close());

  it("reads the keys a call asks for, not everything remembered", async () => {
    await withoutStatistics(rig.db, "postgresql", "SyncState");
    // What earlier imports left: every scope a Metrilo customer call reads, REMEMBERED keys each.
    for (const scope of ["entity.customer", "metrilo.customer", "metrilo.tags"]) {
      await rig.db.$executeRawUnsafe(
        `INSERT INTO "SyncState" ("id", "connectionId", "scope", "key", "memo") ` +
          `SELECT $2 || '-' || g, $1, $2, 'earlier-' || g || '@example.com', '[]' FROM generate_series(1, ${REMEMBERED}) g`,
        connectionId, scope,
      );
    }
    const observer = new pg.Client({ connectionString: rig.env.DATABASE_URL });
    await observer.connect();
    const scalar = async (sql: string) => Number((await observer.query(sql)).rows[0].n);
    const entriesRead = () => scalar(`SELECT coalesce(sum("idx_tup_read"), 0) AS n FROM pg_stat_user_indexes WHERE "relname" = 'SyncState'`);
    try {
      const before = await entriesRead();
      for (let n = 1; n <= SENT; n++) await rig.send(customer(n));
      await waitDrained(rig.db);
      expect(rig.sims.defs.metrilo.customers.size).toBe(SENT);
      // A backend reports its counts at the latest when it ends: stop the server (its worker too),
      // wait for every connection but ours to go.
      await rig.db.$disconnect();
      await rig.stopServer();
      const others = `SELECT count(*) AS n FROM pg_stat_activity WHERE "datname" = current_database() AND "pid" <> pg_backend_pid()`;
      await expect.poll(() => scalar(others), { timeout: 10_000 }).toBe(0);

      // Reading a whole scope is REMEMBERED entries per read (15 000+ before); by key, a few per record.
      expect((await entriesRead()) - before).toBeLessThan(20 * SENT);
    } finally {
      await observer.end();
    }
  }, 60_000);
});
