// The embedded default's SQLite driver: libsql, on ONE connection per process.
//
// Why not libsql as it comes: its local client hands every transaction the connection it had and
// lazily opens a new one for the next statement, and nothing ever closes the one the transaction
// took (its Transaction.close() only rolls back). Every webhook leaked two file descriptors (the
// database and its WAL) until the server hit `ulimit -n` and stopped answering (issue 9 §1).
// Per-connection settings (busy_timeout) were also lost with each new connection.
//
// Why one connection is enough: Prisma's libsql adapter already serialises a process's statements
// with a mutex held from BEGIN to COMMIT, and the lock below adds the group commit's own
// transactions to that turn-taking, so two transactions never share the connection at once.
// Measured (Prisma interactive transactions of one 10 KB webhookEvent row, 2 shared cores, same run):
//   libsql, new connection per transaction (before): 555 tx/s, 3 674 rows/s in 100-row transactions, fds 39 → 2 057
//   libsql, one connection (this file):              870 tx/s, 4 247 rows/s, fds flat
//   better-sqlite3 12 via @prisma/adapter-better-sqlite3: 996 tx/s, 4 335 rows/s, fds flat
// With group commit (app/intake/) rows arrive in batches, where the two differ by 2 %: not worth a
// native module that compiles for minutes on install (6.19's adapter pins better-sqlite3 11, and
// 13 crashes on Node 20), so the embedded default stays pure npm install.
import type { Client, Config, InStatement, ResultSet, Transaction, TransactionMode } from "@libsql/client";
import { PrismaLibSQL } from "@prisma/adapter-libsql";
import { cachePreparedStatements } from "./statement-cache";
import { envNumber } from "../env";

/**
 * The page size of a database file created from now on. One that exists keeps its own: SQLite fixes
 * it with the first table, and for good in WAL mode. 8 KB, not SQLite's 4 KB: a 10 KB payload spans
 * fewer pages, so a stored webhook costs fewer WAL frames. Measured on intake, alternating runs
 * (bench/ab.ts): 12-15 % more webhooks a second, 10-14 % less server CPU a webhook.
 */
export function sqlitePageSize(env = process.env): number {
  const size = Number(env.SQLITE_PAGE_SIZE ?? 8192);
  if (!Number.isInteger(size) || size < 512 || size > 65536 || (size & (size - 1)) !== 0) {
    throw new Error(`SQLITE_PAGE_SIZE must be a power of two from 512 to 65536 (bytes); got "${env.SQLITE_PAGE_SIZE}"`);
  }
  return size;
}

export const connectionPragmas = () => [
  // First: a new file takes it before anything is written; an existing one ignores it.
  `PRAGMA page_size = ${sqlitePageSize()}`,
  `PRAGMA busy_timeout = ${envNumber("SQLITE_BUSY_TIMEOUT_MS", 5000, { whole: true })}`,
  // Durable across process crashes with WAL; fsync per checkpoint rather than per commit.
  "PRAGMA synchronous = NORMAL",
  "PRAGMA foreign_keys = ON",
  // Erased and pruned personal data is zeroed, not left readable in free space (app/privacy/compact.server.ts).
  "PRAGMA secure_delete = ON",
  `PRAGMA wal_autocheckpoint = ${pagesFromEnv() ?? autocheckpoint}`,
];

// SQLite's own 1 000 pages (4 MB) between checkpoints, run inside the COMMIT that crosses them.
// 16 000 made a 20 000-order import's commits a third cheaper, but each 64 MB checkpoint stalled
// the intake: p99 at 1 000 webhooks/s went 26–39 → 135–189 ms. Servers and workers checkpoint
// from a thread instead (./checkpoints.ts), which raises this to a backstop.
export const SQLITE_DEFAULT_AUTOCHECKPOINT = 1000;
let autocheckpoint = SQLITE_DEFAULT_AUTOCHECKPOINT;
const pagesFromEnv = () => (process.env.SQLITE_WAL_AUTOCHECKPOINT?.trim() ? envNumber("SQLITE_WAL_AUTOCHECKPOINT", autocheckpoint, { whole: true }) : undefined);

/** Sets the process connection's wal_autocheckpoint, now and on reconnects; SQLITE_WAL_AUTOCHECKPOINT wins. */
export async function setAutocheckpoint(pages: number): Promise<void> {
  autocheckpoint = pages;
  await processConnection?.execute(`PRAGMA wal_autocheckpoint = ${pagesFromEnv() ?? pages}`);
}

/** A transaction run on the client's own connection: BEGIN … COMMIT through plain execute(). */
class SameConnectionTransaction implements Transaction {
  #open = true;
  constructor(
    private readonly client: Client,
    private readonly release: () => void,
  ) {}
  get closed() {
    return !this.#open;
  }
  async execute(stmt: InStatement): Promise<ResultSet> {
    if (!this.#open) throw new Error("The transaction is closed");
    return this.client.execute(stmt);
  }
  async batch(stmts: InStatement[]): Promise<ResultSet[]> {
    // Not client.batch(): libsql's batch rolls back a transaction it finds open when it ends.
    const results: ResultSet[] = [];
    for (const stmt of stmts) results.push(await this.execute(stmt));
    return results;
  }
  async executeMultiple(sql: string): Promise<void> {
    for (const stmt of sql.split(";").map((s) => s.trim()).filter(Boolean)) await this.execute(stmt);
  }
  async commit(): Promise<void> {
    await this.execute("COMMIT");
    this.#open = false;
    this.release();
  }
  async rollback(): Promise<void> {
    if (!this.#open) return;
    this.#open = false;
    await this.client.execute("ROLLBACK").catch(() => undefined); // SQLite may have rolled back already
    this.release();
  }
  close(): void {
    void this.rollback();
  }
}

/** SQLite said busy: the statement that got it stays "in progress" in libsql until collected. */
const isBusy = (err: unknown) => /SQLITE_BUSY|SQLITE_LOCKED|statements in progress/.test(String((err as Error)?.message ?? err));

/**
 * One connection for the process: `statements` applied to it once, and transactions run on it
 * instead of libsql handing it away. A statement that met SQLITE_BUSY (another process held the
 * lock past busy_timeout) leaves libsql's statement unfinished, and every later COMMIT on that
 * connection fails with "SQL statements in progress" — so the connection is replaced then, before
 * the next statement (closing it rolls back whatever it still held).
 */
export interface OneConnection extends Client {
  /**
   * Runs `fn` alone on the connection, between Prisma's statements and transactions, with plain
   * libsql calls (no query compilation): the group commit's path (app/intake/).
   */
  exclusive<T>(fn: (execute: (stmt: InStatement) => Promise<ResultSet>) => Promise<T>): Promise<T>;
}

export function oneConnection(open: () => Client, statements: string[]): OneConnection {
  const first = open();
  let current = first;
  let broken = false;
  let prepared: Promise<void> | undefined;
  // Prisma's adapter serialises Prisma's own statements; this lock also serialises exclusive().
  let tail: Promise<void> = Promise.resolve();
  const acquire = async (): Promise<() => void> => {
    let release!: () => void;
    const mine = new Promise<void>((r) => (release = r));
    const before = tail;
    tail = before.then(() => mine);
    await before;
    return release;
  };
  const prepare = async () => {
    if (broken) {
      broken = false;
      prepared = undefined;
      try {
        current.close();
      } catch {
        // already unusable: the new connection is what matters
      }
      current = open();
    }
    return (prepared ??= (async () => {
      for (const sql of statements) await current.execute(sql);
    })().catch((err) => {
      prepared = undefined; // e.g. the file is unreachable now: try again on the next statement
      throw err;
    }));
  };
  const watch = async <T>(run: () => Promise<T>): Promise<T> => {
    try {
      return await run();
    } catch (err) {
      if (isBusy(err)) broken = true;
      throw err;
    }
  };
  const onCurrent = { execute: (stmt: InStatement) => watch(() => current.execute(stmt)) } as Client;
  /** BEGIN with the lock held until COMMIT or ROLLBACK. */
  const begin = async (mode: TransactionMode) => {
    const release = await acquire();
    try {
      await prepare();
      // IMMEDIATE, whatever Prisma asks for: it takes the write lock at BEGIN, where
      // busy_timeout waits for another process (CLI, worker.js) to finish. A deferred
      // transaction that upgrades to a write later can fail at once with SQLITE_BUSY instead.
      await onCurrent.execute(mode === "read" ? "BEGIN DEFERRED" : "BEGIN IMMEDIATE");
    } catch (err) {
      release();
      throw err;
    }
    return release;
  };
  const exclusive: OneConnection["exclusive"] = async (fn) => {
    const release = await begin("write");
    try {
      const result = await fn((stmt) => onCurrent.execute(stmt));
      await onCurrent.execute("COMMIT");
      return result;
    } catch (err) {
      await current.execute("ROLLBACK").catch(() => undefined);
      throw err;
    } finally {
      release();
    }
  };
  return new Proxy(first, {
    get(_target, prop) {
      if (prop === "exclusive") return exclusive;
      const value = Reflect.get(current, prop, current);
      if (typeof value !== "function") return value;
      if (prop === "transaction") {
        return async (mode: TransactionMode = "deferred") => new SameConnectionTransaction(onCurrent, await begin(mode));
      }
      if (prop === "execute" || prop === "batch" || prop === "executeMultiple") {
        return async (...args: unknown[]) => {
          const release = await acquire();
          try {
            await prepare();
            // Methods run on the real client: its private fields are not reachable through a proxy.
            return await watch(() => value.apply(current, args));
          } finally {
            release();
          }
        };
      }
      return value.bind(current);
    },
  }) as OneConnection;
}

/** The connection this process's Prisma client talks through (the group commit borrows it). */
export let processConnection: OneConnection | undefined;

export class TunedPrismaLibSQL extends PrismaLibSQL {
  createClient(config: Config): Client {
    cachePreparedStatements();
    return (processConnection = oneConnection(() => super.createClient(config), connectionPragmas()));
  }
}
