// A fresh, migrated database per test file: a SQLite file in a temp dir, or — when the run has
// DATABASE_URL=postgres://… — a new PostgreSQL database created beside the one it names.
import { randomBytes } from "node:crypto";
import { mkdtempSync, readdirSync, readFileSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { createClient } from "@libsql/client";
import pg from "pg";
import sqliteClient from "../../node_modules/.conduit/prisma-sqlite/index.js";
import postgresClient from "../../node_modules/.conduit/prisma-postgres/index.js";
import type { PrismaClient } from "../../node_modules/.conduit/prisma-sqlite/index.js";
import { sqlitePageSize } from "../../app/db/sqlite";
import { databaseTarget, makeAdapterFactory } from "../../app/db/target";
import { migratePostgres } from "../../scripts/migrate.mjs";

export type Provider = "sqlite" | "postgresql";

export interface TestDatabase {
  provider: Provider;
  url: string;
  db: PrismaClient;
  drop(): Promise<void>;
}

/**
 * The providers this run can test: SQLite always, PostgreSQL when DATABASE_URL names one.
 * CONDUIT_TEST_PROVIDERS=postgresql keeps only those named: CI's second pass, whose SQLite half
 * `npm test` has just run.
 */
export function providers(): Provider[] {
  const possible: Provider[] = postgresBase() ? ["sqlite", "postgresql"] : ["sqlite"];
  const only = process.env.CONDUIT_TEST_PROVIDERS?.split(",").map((p) => p.trim());
  return only ? possible.filter((p) => only.includes(p)) : possible;
}

export function postgresBase(): string | undefined {
  const url = process.env.DATABASE_URL ?? "";
  return url.startsWith("postgres") ? url : undefined;
}

/** A FROM item of the numbers 1…n, as `i`, for seeding many rows in one statement. */
export const numbers = (provider: Provider, n: number) =>
  provider === "sqlite" ? `(WITH RECURSIVE s(i) AS (SELECT 1 UNION ALL SELECT i + 1 FROM s WHERE i < ${n}) SELECT i FROM s) AS s` : `generate_series(1, ${n}) AS i`;

export const postgresSkipReason = "PostgreSQL suites skipped: set DATABASE_URL=postgres://… to run them";

function migrationFiles(dir: string) {
  return readdirSync(dir).filter((n) => /^\d+_/.test(n)).sort().map((n) => readFileSync(path.join(dir, n, "migration.sql"), "utf8"));
}

/** `sql` replaces the migrations, e.g. to build a database straight from the schema. */
export async function createTestDatabase(provider: Provider, opts: { sql?: string[] } = {}): Promise<TestDatabase> {
  if (provider === "sqlite") {
    const file = path.join(mkdtempSync(path.join(tmpdir(), "conduit-test-")), "conduit.sqlite");
    const client = createClient({ url: `file:${file}` });
    // As Conduit's own connections make a new file (app/db/sqlite.ts).
    await client.execute(`PRAGMA page_size = ${sqlitePageSize()}`);
    for (const sql of opts.sql ?? migrationFiles("prisma/migrations")) await client.executeMultiple(sql);
    client.close();
    const url = `file:${file}`;
    const db = new sqliteClient.PrismaClient({ adapter: makeAdapterFactory(databaseTarget(url)) }) as PrismaClient;
    return { provider, url, db, drop: async () => db.$disconnect() };
  }
  const base = postgresBase();
  if (!base) throw new Error(postgresSkipReason);
  const name = `conduit_test_${randomBytes(5).toString("hex")}`;
  const admin = new pg.Client({ connectionString: base });
  await admin.connect();
  await admin.query(`CREATE DATABASE ${name}`);
  const url = new URL(base);
  url.pathname = `/${name}`;
  if (opts.sql) {
    const target = new pg.Client({ connectionString: url.toString() });
    await target.connect();
    for (const sql of opts.sql) await target.query(sql);
    await target.end();
  } else {
    await migratePostgres(url.toString(), "prisma/postgres/migrations", () => undefined);
  }
  const db = new postgresClient.PrismaClient({ adapter: makeAdapterFactory(databaseTarget(url.toString())) }) as PrismaClient;
  return {
    provider,
    url: url.toString(),
    db,
    async drop() {
      await db.$disconnect();
      await admin.query(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`);
      await admin.end();
    },
  };
}
