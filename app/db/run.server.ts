// Runs plain SQL (app/db/sql.server.ts builds it) for the hot paths.
// SQLite: the process's one libsql connection, taking turns with Prisma (app/db/sqlite.ts).
// PostgreSQL: small pg pools of its own.
import pg from "pg";
import prisma, { target } from "../db.server";
import { logger } from "../logger.server";
import type { Statement } from "./sql.server";
import { processConnection } from "./sqlite";
import { envCount } from "../env";

export type Row = Record<string, unknown>;
export type Query = (sql: string, args: unknown[]) => Promise<Row[]>;

const pools = new Map<number, pg.Pool>();

/**
 * `intakeTimeoutMs`: the intake's pool, whose every statement fails after that long (it must
 * answer Shopify within 5 s), with `intakeSettings` set when each connection opens, so they cost
 * no round trip. Without it: the pool for everything else.
 */
function pgPool(intakeTimeoutMs = 0): pg.Pool {
  let pool = pools.get(intakeTimeoutMs);
  if (!pool) {
    // The intake's pool: its two batches at once (group-commit.server.ts) and a spare. The other:
    // single reads, the import's transactions, and each delivery lane's lease statements and
    // call outcomes — so at least one per lane (connections open only as they are needed).
    const lanes = envCount("CONDUIT_WORKER_CONCURRENCY", 4);
    pool = new pg.Pool({ connectionString: target.url, max: intakeTimeoutMs ? 3 : Math.max(3, lanes), types, ...(intakeTimeoutMs ? intakeSettings(intakeTimeoutMs) : {}) });
    // An idle connection the database drops (restart, failover, network cut) is reported here; with
    // no listener Node would crash the whole server. The pool discards it and the next batch reconnects.
    pool.on("error", (err) => logger.warn({ err: err.message }, "database connection lost (plain SQL pool)"));
    pools.set(intakeTimeoutMs, pool);
  }
  return pool;
}

/**
 * Prisma's `timestamp(3)` columns hold UTC wall time; pg would read them in the process's time
 * zone. These pools read them as UTC, as Prisma does, whatever TZ says.
 */
const TIMESTAMP = 1114;
const types = {
  getTypeParser: ((oid: number, format?: string) =>
    oid === TIMESTAMP && format !== "binary" ? (text: string) => new Date(`${text.replace(" ", "T")}Z`) : pg.types.getTypeParser(oid, format as "text")) as typeof pg.types.getTypeParser,
};

/**
 * The intake's statements only look rows up by an index (shop domain, webhook id, event id) or
 * insert. Until PostgreSQL has analysed WebhookEvent (autovacuum off, or a new install's first
 * minute), its planner guesses that 20 event ids match a tenth of the table, and each batch read
 * all of it: five million rows scanned for 20 000 webhooks stored in a 15 s bench, 16 % of the
 * backends' CPU samples. With sequential scans off, it takes the indexes whatever it guesses.
 */
const intakeSettings = (statementTimeoutMs: number) => ({ statement_timeout: statementTimeoutMs, options: "-c enable_seqscan=off" });

/** One statement on its own (a read on a hot path, e.g. the collect endpoint's shop look-up). */
export async function query(sql: string, args: unknown[]): Promise<Row[]> {
  if (target.provider === "sqlite") {
    if (!processConnection) await prisma.$connect();
    return (await processConnection!.execute({ sql, args: args as never[] })).rows as unknown as Row[];
  }
  return (await pgPool().query(statement(sql, args))).rows;
}

/** Runs `fn` in one transaction; commits when it resolves, rolls back when it throws. */
export async function inTransaction<T>(timeoutMs: number, fn: (q: Query) => Promise<T>): Promise<T> {
  if (target.provider === "sqlite") {
    if (!processConnection) await prisma.$connect();
    return processConnection!.exclusive((execute) =>
      fn(async (sql, args) => (await execute({ sql, args: args as never[] })).rows as unknown as Row[]),
    );
  }
  const held: Held = { client: await pgPool().connect() };
  try {
    // One round trip for both (a simple query may hold several statements). A lock held elsewhere
    // must fail the batch (503, Shopify retries) rather than stall it.
    return await transaction(held, `BEGIN; SET LOCAL statement_timeout = ${Math.floor(timeoutMs)}`, () => fn(pgQuery(held.client)));
  } finally {
    held.client.release(held.broken);
  }
}

/** A pooled connection, and the error that broke it if it could not even roll back (the pool then drops it). */
type Held = { client: pg.PoolClient; broken?: Error };

/** `fn` between `begin` and COMMIT on the held connection; ROLLBACK when anything throws. */
async function transaction<T>(held: Held, begin: string, fn: () => Promise<T>): Promise<T> {
  try {
    await held.client.query(begin);
    const result = await fn();
    await held.client.query("COMMIT");
    return result;
  } catch (err) {
    held.broken = await held.client.query("ROLLBACK").then(() => undefined, (e: Error) => e);
    throw err;
  }
}

/**
 * The hot paths' texts as named (prepared) statements: each connection parses and plans a text
 * once, then runs it with new values. Planning the intake's look-up (a UNION of IN lists) was four
 * times its execution, and a sixth of PostgreSQL's CPU a webhook. Texts come from batch sizes, so
 * they are few; past `PREPARED_MAX` a new text runs unnamed, so a backend holds a bounded number.
 * `?pgbouncer=true` in DATABASE_URL (Prisma's own flag for it) turns them off: a PgBouncer pooling
 * transactions (before 1.21, or without `max_prepared_statements`) hands each statement any server
 * connection, where the name was never prepared.
 */
const PREPARED_MAX = /[?&]pgbouncer=true(&|$)/.test(target.url) ? 0 : 200;
const names = new Map<string, string>();
function statement(text: string, values: unknown[]): pg.QueryConfig {
  let name = names.get(text);
  if (name === undefined && names.size < PREPARED_MAX) names.set(text, (name = `conduit_${names.size}`));
  return name === undefined ? { text, values } : { name, text, values };
}

const pgQuery = (client: pg.PoolClient): Query => async (sql, args) => (await client.query(statement(sql, args))).rows;

/** Runs the statements one after another (in a transaction, when `q` is one's). */
export async function runEach(q: Query, statements: Statement[]) {
  for (const { sql, args } of statements) await q(sql, args);
}

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
    return inTransaction(timeoutMs, (q) => fn(q, (statements) => runEach(q, statements)));
  }
  const held: Held = { client: await pgPool(Math.floor(timeoutMs)).connect() };
  const q = pgQuery(held.client);
  try {
    return await fn(q, (statements) => (statements.length === 1 ? runEach(q, statements) : transaction(held, "BEGIN", () => runEach(q, statements))));
  } finally {
    held.client.release(held.broken);
  }
}
