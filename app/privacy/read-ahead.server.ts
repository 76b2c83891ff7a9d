// customers/redact on SQLite: the erasure's search of the shop's stored payloads and outbox rows,
// read ahead of its transaction a chunk of rows at a time. On SQLite every statement holds the
// event loop that answers Shopify, and the erasure's transaction holds the write lock: one search
// over 20 000 stored webhooks held both 0.63–0.72 s, longer with a larger shop. Read ahead, each
// chunk is a short statement followed by a rest as long as it took; the transaction then searches
// only the rows changed since the read began, beside what the read found (rows it names that are
// gone meanwhile drop out where the erasure reads them by id). PostgreSQL runs the search off the
// event loop and needs none of this.
import { setTimeout as sleep } from "node:timers/promises";
import prisma from "../db.server";
import { sqlDate } from "../db/sql.server";
import { Status } from "../delivery/states";
import { columnList as list, likeQuery, likeTests, type Matcher, type Tx } from "./customer-records.server";

/** Rows a statement reads (~10 KB each for stored webhooks). */
const CHUNK_ROWS = Math.max(1, Number(process.env.CONDUIT_ERASURE_SCAN_ROWS) || 200);
/** The CLI stamps rows with its own clock: what changed this long before the read began is searched again. */
const MARGIN_MS = 60_000;
/** The column that says when a row last changed, and the statuses that lead its index. */
const CHANGED: Record<string, { column: string; statuses: string[] }> = {
  WebhookEvent: { column: "receivedAt", statuses: ["accepted", "rejected"] },
  Delivery: { column: "updatedAt", statuses: Object.values(Status) },
};

type Row = { id: string };

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
    read: async <T>(table: string, columns: string[], searched: string[], patterns: string[]) => {
      const rows = await inChunks<T & Row>(shopId, table, columns, searched, patterns);
      found.set(key(table, columns, searched, patterns), rows);
      return rows as T[];
    },
    inTransaction: (tx) => async <T>(table: string, columns: string[], searched: string[], patterns: string[]) => {
      const earlier = found.get(key(table, columns, searched, patterns));
      // A search the read did not make (the transaction found a browser it had not): in full.
      if (!earlier || !CHANGED[table]) return likeQuery(tx, shopId)<T>(table, columns, searched, patterns);
      const { column, statuses } = CHANGED[table];
      // `+"shopId"`: SQLite must not pick the shop's index, which holds all its rows, over (status, …).
      const changed = await tx.$queryRawUnsafe<(T & Row)[]>(
        `SELECT ${list(columns)} FROM "${table}" WHERE +"shopId" = $1 AND (${likeTests(searched, patterns, 2)}) ` +
          `AND "status" IN (${statuses.map((s) => `'${s}'`).join(", ")}) AND "${column}" >= $${patterns.length + 2}`,
        shopId, ...patterns, sqlDate(since),
      );
      const fresh = new Set(changed.map((r) => r.id));
      return [...(earlier as (T & Row)[]).filter((r) => !fresh.has(r.id)), ...changed];
    },
  };
}

/** The shop's rows of `table` that match, CHUNK_ROWS at a time in id order (the primary key's index). */
async function inChunks<T extends Row>(shopId: string, table: string, columns: string[], searched: string[], patterns: string[]): Promise<T[]> {
  const rows: T[] = [];
  let after = "";
  for (;;) {
    const started = Date.now();
    const [bound] = await prisma.$queryRawUnsafe<Row[]>(
      `SELECT "id" FROM "${table}" WHERE +"shopId" = $1 AND "id" > $2 ORDER BY "id" LIMIT 1 OFFSET ${CHUNK_ROWS - 1}`, shopId, after,
    );
    const last = patterns.length + 2;
    rows.push(...(await prisma.$queryRawUnsafe<T[]>(
      `SELECT ${list(columns)} FROM "${table}" WHERE +"shopId" = $1 AND (${likeTests(searched, patterns, 2)}) AND "id" > $${last}` + (bound ? ` AND "id" <= $${last + 1}` : ""),
      shopId, ...patterns, after, ...(bound ? [bound.id] : []),
    )));
    if (!bound) return rows;
    after = bound.id;
    await sleep(Date.now() - started);
  }
}
