// The search behind every privacy request: a shop's rows whose text columns match LIKE patterns
// (escaped, lower-cased: subject.ts), read a chunk at a time in id order, and each chunk sifted
// by `keep` before the next is read. Why chunks: the patterns over-match on purpose (a phone's
// last four digits can sit inside any payload's ids, prices or dates), and holding every
// candidate at once took a server with 160 MB of heap out of memory at 20 000 stored webhooks
// that all matched.
// Why rests (SQLite, outside a transaction): every SQLite statement holds the event loop that
// answers Shopify; a rest as long as each chunk took lets it answer between chunks.
import { setTimeout as sleep } from "node:timers/promises";
import { target } from "../db.server";
import { envCount } from "../env";

export type Row = { id: string };

/** The shop's rows of `table` with `columns`, whose `searched` columns match a pattern, sifted by `keep`. */
export type Matcher = <T extends Row>(table: string, columns: string[], searched: string[], patterns: string[], keep: (row: T) => boolean) => Promise<T[]>;

/** Prisma's client or a transaction of it. */
export interface Sql {
  $queryRawUnsafe<T = unknown>(query: string, ...values: unknown[]): Promise<T>;
}

/**
 * Rows a statement reads (~10 KB each for stored webhooks). PostgreSQL's statements do not hold
 * the event loop, so only memory bounds its chunks, and each chunk costs round trips.
 */
const chunkRows = () => envCount("CONDUIT_ERASURE_SCAN_ROWS", target.provider === "sqlite" ? 200 : 1000);

/** `"a", "b", …` */
export const columnList = (columns: string[]) => columns.map((c) => `"${c}"`).join(", ");

/**
 * `lower("<c>") LIKE $n ESCAPE '!' OR …`, parameters numbered from `first` ($n works on SQLite and
 * PostgreSQL alike). SQLite's LIKE already folds ASCII case, as its lower() does and no more: the
 * same matches without lower()'s copy of every payload (a quarter of the search's time).
 */
export const likeTests = (searched: string[], patterns: string[], first: number) => {
  const text = (c: string) => (target.provider === "sqlite" ? `"${c}"` : `lower("${c}")`);
  return searched.flatMap((c) => patterns.map((_, i) => `${text(c)} LIKE $${first + i} ESCAPE '!'`)).join(" OR ");
};

/**
 * The shop's column, as the chunks' statements name it. `+"shopId"` on SQLite: its planner must
 * walk the primary key (or a status index), not the shop's index, which holds all the shop's rows.
 */
export const shopColumn = () => (target.provider === "sqlite" ? `+"shopId"` : `"shopId"`);

/** Searches in chunks through `sql`; `rest`: pause as long as each chunk took (outside transactions, on SQLite). */
export const chunkedSearch =
  (sql: Sql, shopId: string, opts: { rest: boolean }): Matcher =>
  async (table, columns, searched, patterns, keep) => {
    const kept: Parameters<typeof keep>[0][] = [];
    const shop = shopColumn();
    const rows = chunkRows();
    let after = "";
    for (;;) {
      const started = Date.now();
      const [bound] = await sql.$queryRawUnsafe<Row[]>(
        `SELECT "id" FROM "${table}" WHERE ${shop} = $1 AND "id" > $2 ORDER BY "id" LIMIT 1 OFFSET ${rows - 1}`, shopId, after,
      );
      const last = patterns.length + 2;
      // Every value a parameter: unsafe only in name.
      const found = await sql.$queryRawUnsafe<Parameters<typeof keep>[0][]>(
        `SELECT ${columnList(columns)} FROM "${table}" WHERE ${shop} = $1 AND (${likeTests(searched, patterns, 2)}) AND "id" > $${last}` +
          (bound ? ` AND "id" <= $${last + 1}` : ""),
        shopId, ...patterns, after, ...(bound ? [bound.id] : []),
      );
      for (const row of found) if (keep(row)) kept.push(row);
      if (!bound) return kept;
      after = bound.id;
      if (opts.rest) await sleep(Date.now() - started);
    }
  };
