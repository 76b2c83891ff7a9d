// The per-connection memory connectors use (ctx.state), stored in SyncState.
import prisma, { target } from "../db.server";
import { query } from "../db/run.server";
import { asWrite, memo, param, placeholders, readDate, rowId, sqlDate, upsertStatements, type Statement } from "../db/sql.server";
import { RetryableError } from "../vendors/errors";
import type { SyncStateEntry, SyncStateStore } from "../vendors/types";
import type { Write } from "./outcomes.server";

const entryOf = (row: { updatedAt: Date | null; memo: string | null }): SyncStateEntry => ({ updatedAt: row.updatedAt, memo: row.memo });

/**
 * A call's keys, looked up. PostgreSQL: one index probe per key, whatever its statistics say. With
 * `key IN (…)` it chose by cost between probing every key and reading the connection's whole
 * scope, and until ANALYZE has seen the table grow (a new install's first import, autovacuum's
 * first minute) it read the whole scope: 3.6 ms for 50 keys among 2 000 rows, growing with every
 * row, against 0.8 ms probed. The LIMIT keeps the planner from folding the probe back into a join
 * it could choose to hash. SQLite's planner takes the unique index for `IN` as it is.
 */
const lookupText = memo((n: number) =>
  target.provider === "postgresql"
    ? `SELECT "s"."key", "s"."updatedAt", "s"."memo" FROM unnest(ARRAY[${placeholders(n, 2)}]::text[]) AS "k"("key")
         CROSS JOIN LATERAL (SELECT "key", "updatedAt", "memo" FROM "SyncState"
                              WHERE "connectionId" = $1 AND "scope" = $2 AND "key" = "k"."key" LIMIT 1) AS "s"`
    : `SELECT "key", "updatedAt", "memo" FROM "SyncState" WHERE "connectionId" = ${param(1)} AND "scope" = ${param(2)} AND "key" IN (${placeholders(n, 2)})`,
);

export function syncStateStore(connectionId: string): SyncStateStore {
  return {
    async get(scope, key) {
      const row = await prisma.syncState.findUnique({ where: { connectionId_scope_key: { connectionId, scope, key } } });
      return row ? entryOf(row) : null;
    },
    async getMany(scope, keys) {
      // Plain SQL on the driver: a call reads a hundred keys at a time, and Prisma's findMany took
      // four times the query's own CPU (its raw queries still a tenth of a worker's).
      const unique = [...new Set(keys)];
      const rows = unique.length === 0 ? [] : await query(lookupText(unique.length), [connectionId, scope, ...unique]);
      return new Map(rows.map((r) => [String(r.key), { updatedAt: readDate(r.updatedAt), memo: r.memo == null ? null : String(r.memo) }]));
    },
    async set(scope, key, entry) {
      const data = { ...entry, deliveredAt: new Date() };
      await prisma.syncState.upsert({
        where: { connectionId_scope_key: { connectionId, scope, key } },
        create: { connectionId, scope, key, ...data },
        update: data,
      });
    },
  };
}

/**
 * A read that fails mid-call (the database went away) is a RetryableError, so that a connector
 * that already has answers for some records keeps them (they settle; the rest are retried).
 */
async function read<T>(load: () => Promise<T>): Promise<T> {
  try {
    return await load();
  } catch (err) {
    throw new RetryableError(`Conduit's database did not answer during the call: ${(err as Error).message}`);
  }
}

/** A connector's set, waiting to be written with its call's outcomes. */
export interface PendingSet {
  scope: string;
  key: string;
  entry: { updatedAt?: Date | null; memo?: string | null };
}

const id = (scope: string, key: string) => `${scope}\u0000${key}`;

/**
 * The store a drain hands connectors: reads go to the database (or to what this call already set),
 * sets wait in memory until `writes()`, which the engine commits in the transaction that records
 * the call's outcomes — a handful of statements per call instead of one per record, and the memory
 * of what a vendor holds changes together with the rows that say it was delivered.
 */
export function callStateStore(connectionId: string): SyncStateStore & { writes(): Write[]; takePending(): PendingSet[] } {
  const db = syncStateStore(connectionId);
  const pending = new Map<string, PendingSet>();
  const merged = (scope: string, key: string, stored: SyncStateEntry | null | undefined): SyncStateEntry | null => {
    const set = pending.get(id(scope, key))?.entry;
    if (!set) return stored ?? null;
    return { updatedAt: set.updatedAt !== undefined ? set.updatedAt : (stored?.updatedAt ?? null), memo: set.memo !== undefined ? set.memo : (stored?.memo ?? null) };
  };
  // What getMany read during this call, absent keys included: a connector reads a whole call's
  // memory in one query up front, and its per-record get()s are then answered from here.
  const cache = new Map<string, SyncStateEntry | null>();
  return {
    get: async (scope, key) => {
      const k = id(scope, key);
      return merged(scope, key, cache.has(k) ? cache.get(k) : await read(() => db.get(scope, key)));
    },
    async getMany(scope, keys) {
      const missing = [...new Set(keys)].filter((key) => !cache.has(id(scope, key)));
      if (missing.length) {
        const stored = await read(() => db.getMany(scope, missing));
        for (const key of missing) cache.set(id(scope, key), stored.get(key) ?? null);
      }
      const out = new Map<string, SyncStateEntry>();
      for (const key of keys) {
        const entry = merged(scope, key, cache.get(id(scope, key)));
        if (entry) out.set(key, entry);
      }
      return out;
    },
    async set(scope, key, entry) {
      const before = pending.get(id(scope, key))?.entry ?? {};
      pending.set(id(scope, key), { scope, key, entry: { ...before, ...entry } });
    },
    takePending() {
      const sets = [...pending.values()];
      pending.clear();
      // The call is over: the next one reads what this one wrote.
      cache.clear();
      return sets;
    },
    writes() {
      return stateWrites(connectionId, this.takePending());
    },
  };
}

/** The statements that write these sets; built anew each time, so an outcome kept through an outage can be written later. */
export function stateWrites(connectionId: string, sets: PendingSet[]): Write[] {
  return stateStatements(connectionId, sets).map(asWrite);
}

/** `stateWrites` as plain statements. */
export function stateStatements(connectionId: string, sets: PendingSet[]): Statement[] {
  const deliveredAt = new Date();
  return upsertSyncStates(sets.map(({ scope, key, entry }) => ({ connectionId, scope, key, deliveredAt, updatedAt: entry.updatedAt, memo: entry.memo })));
}

const SYNC_STATE_COLUMNS = ["id", "connectionId", "scope", "key", "updatedAt", "memo", "deliveredAt"];
const SYNC_STATE_KEY = ["connectionId", "scope", "key"];

export interface SyncStateRow {
  connectionId: string;
  scope: string;
  key: string;
  /** Omitted (undefined): the stored value stays, as an upsert's update would leave it; null on a new row. */
  updatedAt?: Date | null;
  memo?: string | null;
  deliveredAt: Date;
}

/**
 * Writes the SyncState rows of these keys, each in place when it exists (INSERT … ON CONFLICT DO
 * UPDATE). It was a DELETE per scope and then INSERTs, with a read before for the fields a set
 * left out: on PostgreSQL a call's memory was seven statements of its fourteen, and every key a
 * new row, with new entries in each index, instead of a new version of the same row.
 */
export function upsertSyncStates(rows: SyncStateRow[]): Statement[] {
  // Last set wins for a key set twice, as successive upserts would leave it (and PostgreSQL
  // refuses one statement that would update the same row twice).
  const last = new Map(rows.map((r) => [`${r.connectionId}\u0000${r.scope}\u0000${r.key}`, r]));
  // One statement per set of fields given: only those replace what is stored.
  const byFields = new Map<string, SyncStateRow[]>();
  for (const r of last.values()) {
    const fields = [r.updatedAt !== undefined && "updatedAt", r.memo !== undefined && "memo", "deliveredAt"].filter(Boolean).join(",");
    const group = byFields.get(fields);
    if (group) group.push(r);
    else byFields.set(fields, [r]);
  }
  return [...byFields].flatMap(([fields, of]) => {
    const values = of.map((r) => [rowId(), r.connectionId, r.scope, r.key, r.updatedAt ? sqlDate(r.updatedAt) : null, r.memo ?? null, sqlDate(r.deliveredAt)]);
    return upsertStatements("SyncState", SYNC_STATE_COLUMNS, values, SYNC_STATE_KEY, fields.split(","));
  });
}

/** The engine's own scope: the updated_at of the newest state delivered per entity. */
export const entityScope = (kind: string) => `entity.${kind}`;
