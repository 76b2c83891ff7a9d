// Runs plain SQL (app/db/sql.server.ts builds it) for the hot paths.
// SQLite: the process's one libsql connection, taking turns with Prisma (app/db/sqlite.ts).
// PostgreSQL: small pg pools of its own.
import pg from "pg";
import prisma, { target } from "../db.server";
import { logger } from "../logger.server";
import type { Statement } from "./sql.server";
import { processConnection } from "./sqlite";

export type Row = Record<string, unknown>;
export type Query = (sql: string, args: unknown[]) => Promise<Row[]>;

const pools = new Map<number, pg.Pool>();

/**
 * `statementTimeoutMs`: a pool whose every statement fails after that long (the intake's, which
 * must answer Shopify within 5 s), set when each connection opens, so it costs no round trip.
 */
function pgPool(statementTimeoutMs = 0): pg.Pool {
  let pool = pools.get(statementTimeoutMs);
  if (!pool) {
    // The intake's pool: its two batches at once (group-commit.server.ts) and a spare. The other:
    // single reads and the import's transactions.
    pool = new pg.Pool({ connectionString: target.url, max: 3, ...(statementTimeoutMs ? { statement_timeout: statementTimeoutMs } : {}) });
    // An idle connection the database drops (restart, failover, network cut) is reported here; with
    // no listener Node would crash the whole server. The pool discards it and the next batch reconnects.
    pool.on("error", (err) => logger.warn({ err: err.message }, "intake database connection lost"));
    pools.set(statementTimeoutMs, pool);
  }
  return pool;
}

/** One statement on its own (a read on a hot path, e.g. the collect endpoint's shop look-up). */
export async function query(sql: string, args: unknown[]): Promise<Row[]> {
  if (target.provider === "sqlite") {
    if (!processConnection) await prisma.$connect();
    return (await processConnection!.execute({ sql, args: args as never[] })).rows as unknown as Row[];
  }
  return (await pgPool().query(sql, args)).rows;
}

/** Runs `fn` in one transaction; commits when it resolves, rolls back when it throws. */
export async function inTransaction<T>(timeoutMs: number, fn: (q: Query) => Promise<T>): Promise<T> {
  if (target.provider === "sqlite") {
    if (!processConnection) await prisma.$connect();
    return processConnection!.exclusive((execute) =>
      fn(async (sql, args) => (await execute({ sql, args: args as never[] })).rows as unknown as Row[]),
    );
  }
  const client = await pgPool().connect();
  let broken: unknown;
  try {
    // One round trip for both (a simple query may hold several statements). A lock held elsewhere
    // must fail the batch (503, Shopify retries) rather than stall it.
    await client.query(`BEGIN; SET LOCAL statement_timeout = ${Math.floor(timeoutMs)}`);
    const result = await fn(pgQuery(client));
    await client.query("COMMIT");
    return result;
  } catch (err) {
    broken = await client.query("ROLLBACK").then(() => undefined, (e) => e);
    throw err;
  } finally {
    client.release(broken as Error | undefined);
  }
}

const pgQuery = (client: pg.PoolClient): Query => async (sql, args) => (await client.query(sql, args)).rows;

/** Statements that must all be written, or none. */
export type Write = (statements: Statement[]) => Promise<void>;

/**
 * Reads, then writes that land together: the group commit's unit of work. SQLite: one exclusive
 * transaction around all of it, as `inTransaction` (one writer; BEGIN and COMMIT cost no round trip).
 * PostgreSQL: the reads run on their own — under READ COMMITTED a read inside a transaction sees
 * no more than one outside it — and the writes, when they are one statement, on their own too: a
 * statement is atomic without BEGIN and COMMIT, which were two of a batch's five round trips.
 * Several statements get a transaction of their own. Every statement fails after `timeoutMs`.
 */
export async function inBatch<T>(timeoutMs: number, fn: (q: Query, write: Write) => Promise<T>): Promise<T> {
  if (target.provider === "sqlite") {
    return inTransaction(timeoutMs, (q) => fn(q, async (statements) => {
      for (const { sql, args } of statements) await q(sql, args);
    }));
  }
  const client = await pgPool(Math.floor(timeoutMs)).connect();
  let broken: unknown;
  const q = pgQuery(client);
  try {
    return await fn(q, async (statements) => {
      if (statements.length === 1) return void (await q(statements[0].sql, statements[0].args));
      await q("BEGIN", []);
      try {
        for (const { sql, args } of statements) await q(sql, args);
        await q("COMMIT", []);
      } catch (err) {
        broken = await client.query("ROLLBACK").then(() => undefined, (e) => e);
        throw err;
      }
    });
  } finally {
    client.release(broken as Error | undefined);
  }
}
