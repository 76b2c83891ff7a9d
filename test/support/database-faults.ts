// Faults the intake suites put on a real database: another session holding the write lock, and a
// trigger refusing rows that carry a marker. Shared by the webhook and collect group-commit tests.
import { createClient } from "@libsql/client";
import pg from "pg";
import type { TestDatabase } from "./database";

/**
 * Runs `fn` while another session blocks writes: on SQLite it holds the write lock past the busy
 * timeout; on PostgreSQL it holds the WebhookEvent table, so a batch's transaction runs out of time.
 */
export async function whileLocked<T>(database: TestDatabase, fn: () => Promise<T>): Promise<T> {
  const sqlite = database.provider === "sqlite" ? createClient({ url: database.url }) : undefined;
  const pgLock = database.provider === "postgresql" ? new pg.Client({ connectionString: database.url }) : undefined;
  await sqlite?.execute("BEGIN EXCLUSIVE");
  if (pgLock) {
    await pgLock.connect();
    await pgLock.query(`BEGIN; LOCK TABLE "WebhookEvent" IN ACCESS EXCLUSIVE MODE`);
  }
  try {
    return await fn();
  } finally {
    await sqlite?.execute("ROLLBACK");
    sqlite?.close();
    await pgLock?.query("ROLLBACK");
    await pgLock?.end();
  }
}

/** From now on the database refuses WebhookEvent rows whose payload holds `poison-pill`: at INSERT on SQLite, at COMMIT on PostgreSQL (a deferred constraint trigger). */
export async function refusePoison(database: TestDatabase): Promise<void> {
  if (database.provider === "sqlite") {
    await database.db.$executeRawUnsafe(
      `CREATE TRIGGER refuse_poison BEFORE INSERT ON "WebhookEvent" WHEN NEW.payload LIKE '%poison-pill%' BEGIN SELECT RAISE(ABORT, 'refused by the test'); END`,
    );
    return;
  }
  await database.db.$executeRawUnsafe(
    `CREATE FUNCTION refuse_poison() RETURNS trigger AS $$ BEGIN IF NEW.payload LIKE '%poison-pill%' THEN RAISE EXCEPTION 'refused by the test'; END IF; RETURN NEW; END $$ LANGUAGE plpgsql`,
  );
  await database.db.$executeRawUnsafe(
    `CREATE CONSTRAINT TRIGGER refuse_poison AFTER INSERT ON "WebhookEvent" DEFERRABLE INITIALLY DEFERRED FOR EACH ROW EXECUTE FUNCTION refuse_poison()`,
  );
}
