// For tests of a statement's plan on a table the database has no statistics for (a new install's
// tables: SQLite never gathers any by itself, PostgreSQL not before autovacuum).
import { afterEach } from "vitest";
import { target, type Db } from "../../app/db.server";
import { createTestDatabase, type Provider, type TestDatabase } from "./database";

/**
 * For `providers().filter(plannable)`: a statement exported by app/ is written for this process's
 * database (DATABASE_URL), as the server's and the worker's are.
 */
export const plannable = (p: Provider) => p === target.provider;

/** For a describe block: each test that calls the returned function gets a new database, dropped after it. */
export function freshDatabase(provider: Provider): () => Promise<Db> {
  let database: TestDatabase | undefined;
  afterEach(() => database?.drop());
  return async () => (database = await createTestDatabase(provider)).db;
}

/** Keeps PostgreSQL's autovacuum from analysing `table` while the test runs (SQLite never does). */
export async function withoutStatistics(db: Db, provider: Provider, table: string): Promise<void> {
  if (provider === "postgresql") await db.$executeRawUnsafe(`ALTER TABLE "${table}" SET (autovacuum_enabled = false)`);
}

/** The plan the database chooses for `sql` with `args`, as text. */
export async function plan(db: Db, provider: Provider, sql: string, ...args: unknown[]): Promise<string> {
  const rows = await db.$queryRawUnsafe<Record<string, string>[]>(`EXPLAIN ${provider === "sqlite" ? "QUERY PLAN " : ""}${sql}`, ...args);
  return rows.map((r) => r.detail ?? r["QUERY PLAN"]).join("\n");
}
