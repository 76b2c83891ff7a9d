// customers/redact on SQLite: the erasure's search of the shop's stored payloads and outbox rows,
// read ahead of its transaction in chunks with rests (search.server.ts). On SQLite the erasure's
// transaction holds the write lock, and every statement the event loop: one search over 20 000
// stored webhooks inside it held both 0.63–0.72 s, longer with a larger shop. The transaction
// then searches only the rows changed since the read began, beside what the read found (rows it
// names that are gone meanwhile drop out where the erasure reads them by id). PostgreSQL runs the
// search off the event loop and needs none of this.
import prisma from "../db.server";
import { sqlDate } from "../db/sql.server";
import { Status } from "../delivery/states";
import type { Tx } from "./customer-records.server";
import { chunkedSearch, columnList, likeTests, shopColumn, type Matcher, type Row } from "./search.server";

/** The CLI stamps rows with its own clock: what changed this long before the read began is searched again. */
const MARGIN_MS = 60_000;
/** The column that says when a row last changed, and the statuses that lead its index. */
const CHANGED: Record<string, { column: string; statuses: string[] }> = {
  WebhookEvent: { column: "receivedAt", statuses: ["accepted", "rejected"] },
  Delivery: { column: "updatedAt", statuses: Object.values(Status) },
};

export interface ReadAhead {
  /** Searches in chunks outside any transaction, and remembers what it found. */
  read: Matcher;
  /** In the transaction: what was found, updated by the rows changed since. */
  inTransaction(tx: Tx): Matcher;
}

export function readAhead(shopId: string): ReadAhead {
  const since = new Date(Date.now() - MARGIN_MS);
  const found = new Map<string, Row[]>();
  const key = (...search: unknown[]) => JSON.stringify(search);
  return {
    read: async (table, columns, searched, patterns, keep) => {
      const rows = await chunkedSearch(prisma, shopId, { rest: true })(table, columns, searched, patterns, keep);
      found.set(key(table, columns, searched, patterns), rows);
      return rows;
    },
    inTransaction: (tx) => async <T extends Row>(table: string, columns: string[], searched: string[], patterns: string[], keep: (row: T) => boolean) => {
      const earlier = found.get(key(table, columns, searched, patterns)) as T[] | undefined;
      // A search the read did not make (the transaction found a browser it had not): in full.
      if (!earlier || !CHANGED[table]) return chunkedSearch(tx, shopId, { rest: false })(table, columns, searched, patterns, keep);
      const { column, statuses } = CHANGED[table];
      const changed = await tx.$queryRawUnsafe<T[]>(
        `SELECT ${columnList(columns)} FROM "${table}" WHERE ${shopColumn()} = $1 AND (${likeTests(searched, patterns, 2)}) ` +
          `AND "status" IN (${statuses.map((s) => `'${s}'`).join(", ")}) AND "${column}" >= $${patterns.length + 2}`,
        shopId, ...patterns, sqlDate(since),
      );
      const fresh = new Set(changed.map((r) => r.id));
      return [...earlier.filter((r) => !fresh.has(r.id)), ...changed.filter(keep)];
    },
  };
}
