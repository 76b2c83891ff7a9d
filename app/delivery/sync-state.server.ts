// The per-connection memory connectors use (ctx.state), stored in SyncState.
import prisma from "../db.server";
import { asWrite, insertStatements, param, placeholders, rowId, sqlDate, type Statement } from "../db/sql.server";
import { RetryableError } from "../vendors/errors";
import type { SyncStateEntry, SyncStateStore } from "../vendors/types";
import type { Write } from "./outcomes.server";

const entryOf = (row: { updatedAt: Date | null; memo: string | null }): SyncStateEntry => ({ updatedAt: row.updatedAt, memo: row.memo });

export function syncStateStore(connectionId: string): SyncStateStore {
  return {
    async get(scope, key) {
      const row = await prisma.syncState.findUnique({ where: { connectionId_scope_key: { connectionId, scope, key } } });
      return row ? entryOf(row) : null;
    },
    async getMany(scope, keys) {
      // Plain SQL: a call reads a hundred keys at a time, and Prisma's findMany took four times the query's own CPU.
      const unique = [...new Set(keys)];
      const rows = unique.length === 0 ? [] : await prisma.$queryRawUnsafe<{ key: string; updatedAt: Date | null; memo: string | null }[]>(
        `SELECT "key", "updatedAt", "memo" FROM "SyncState" WHERE "connectionId" = ${param(1)} AND "scope" = ${param(2)} AND "key" IN (${placeholders(unique.length, 2)})`,
        connectionId, scope, ...unique,
      );
      return new Map(rows.map((r) => [r.key, entryOf(r)]));
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
export function callStateStore(connectionId: string): SyncStateStore & { writes(): Promise<Write[]>; takePending(): PendingSet[] } {
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
export async function stateWrites(connectionId: string, sets: PendingSet[]): Promise<Write[]> {
  return (await stateStatements(connectionId, sets)).map(asWrite);
}

/** `stateWrites` as plain statements (its reads done now, before any transaction they go in). */
export async function stateStatements(connectionId: string, sets: PendingSet[]): Promise<Statement[]> {
  if (sets.length === 0) return [];
  const db = syncStateStore(connectionId);
  // An omitted field keeps its stored value, as an upsert's update would.
  const partial = sets.filter((s) => s.entry.updatedAt === undefined || s.entry.memo === undefined);
  const stored = new Map<string, SyncStateEntry>();
  for (const scope of new Set(partial.map((s) => s.scope))) {
    const found = await db.getMany(scope, partial.filter((s) => s.scope === scope).map((s) => s.key));
    for (const [key, entry] of found) stored.set(id(scope, key), entry);
  }
  const now = new Date();
  const rows = sets.map(({ scope, key, entry }) => {
    const was = stored.get(id(scope, key));
    return {
      connectionId, scope, key, deliveredAt: now,
      updatedAt: entry.updatedAt !== undefined ? entry.updatedAt : (was?.updatedAt ?? null),
      memo: entry.memo !== undefined ? entry.memo : (was?.memo ?? null),
    };
  });
  return replaceSyncStates(rows);
}

const SYNC_STATE_COLUMNS = ["id", "connectionId", "scope", "key", "updatedAt", "memo", "deliveredAt"];

export interface SyncStateRow {
  connectionId: string;
  scope: string;
  key: string;
  updatedAt: Date | null;
  memo: string | null;
  deliveredAt: Date;
}

/** Replaces the SyncState rows of these keys (delete, then insert: what an upsert per row would leave). */
export function replaceSyncStates(rows: SyncStateRow[]): Statement[] {
  const writes: Statement[] = [];
  const byScope = new Map<string, SyncStateRow[]>();
  for (const r of rows) {
    const k = `${r.connectionId}\u0000${r.scope}`;
    const list = byScope.get(k);
    if (list) list.push(r);
    else byScope.set(k, [r]);
  }
  for (const of of byScope.values()) {
    const keys = [...new Set(of.map((r) => r.key))];
    writes.push({
      sql: `DELETE FROM "SyncState" WHERE "connectionId" = ${param(1)} AND "scope" = ${param(2)} AND "key" IN (${placeholders(keys.length, 2)})`,
      args: [of[0].connectionId, of[0].scope, ...keys],
    });
  }
  // Last set wins for a key set twice, as successive upserts would leave it.
  const last = new Map(rows.map((r) => [`${r.connectionId}\u0000${r.scope}\u0000${r.key}`, r]));
  const values = [...last.values()].map((r) => [rowId(), r.connectionId, r.scope, r.key, r.updatedAt ? sqlDate(r.updatedAt) : null, r.memo, sqlDate(r.deliveredAt)]);
  writes.push(...insertStatements("SyncState", SYNC_STATE_COLUMNS, values));
  return writes;
}

/** The engine's own scope: the updated_at of the newest state delivered per entity. */
export const entityScope = (kind: string) => `entity.${kind}`;
