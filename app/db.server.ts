// One Prisma client per process, on the database DATABASE_URL names (see app/db/target.ts).
// Both generated clients share one model API; the SQLite one's types stand for both.
import sqliteClient from "../node_modules/.conduit/prisma-sqlite/index.js";
import postgresClient from "../node_modules/.conduit/prisma-postgres/index.js";
import type { PrismaClient } from "../node_modules/.conduit/prisma-sqlite/index.js";
import { databaseTarget, makeAdapterFactory } from "./db/target";

export type Db = PrismaClient;
export const target = databaseTarget(process.env.DATABASE_URL);

declare global {
  // Remix dev reloads modules; keep one client across reloads.
  var __conduitDb: Db | undefined;
}

function createClient(): Db {
  // The two generated classes differ only in provider internals; construct either as one type.
  const Client = (target.provider === "postgresql" ? postgresClient.PrismaClient : sqliteClient.PrismaClient) as typeof sqliteClient.PrismaClient;
  // "minimal": Prisma's default error text quotes the calling line first, which in the built server
  // is minified code, and leaves the reason ("Can't reach database server at …") for last.
  return new Client({ adapter: makeAdapterFactory(target), errorFormat: "minimal" });
}

const prisma: Db = global.__conduitDb ?? (global.__conduitDb = createClient());
export default prisma;

/**
 * The database did not answer — unreachable (P1001), timed out (P1002, P1008), closed the
 * connection (P1017), no connection free in the pool (P2024), or SQLite locked by another process
 * past its busy timeout — as opposed to a query it refused. Prisma's codes only, not words: the
 * admin asks it of errors that may also come from Shopify's API ("ECONNREFUSED" there is no
 * database outage). The intake's plain SQL meets the drivers' own errors (group-commit.server.ts).
 */
export const isDatabaseUnavailable = (err: unknown) =>
  ["P1001", "P1002", "P1008", "P1017", "P2024"].includes(String((err as { code?: string })?.code)) ||
  /SQLITE_BUSY|database is locked/.test(String((err as Error)?.message));

/** A unique constraint refused the write (Prisma P2002): the row is already there. */
export const isUniqueViolation = (err: unknown) => (err as { code?: string })?.code === "P2002";

/**
 * WAL lets readers run beside the writer; it is a property of the database file, so once at
 * start-up is enough (per-connection settings: app/db/sqlite.ts). A no-op on PostgreSQL.
 */
export async function tuneDatabase(): Promise<void> {
  if (target.provider !== "sqlite") return;
  await prisma.$queryRawUnsafe("PRAGMA journal_mode=WAL");
}
