// Plain SQL on the driver, for the hot paths that write rows by the thousand: the intake's group
// commit and the historical import. Why not Prisma there: profiled at 2 000+ webhooks/s, Prisma
// compiling each batch's queries (the 10 KB payloads pass through its query compiler) was a third
// of the server's CPU, and a quarter of an import worker's. Everything else keeps Prisma. The
// statements write exactly what Prisma writes (ids, timestamps in its formats, every defaulted
// column), so Prisma reads these rows like its own.
// Here the statements' texts; app/db/run.server.ts runs them.
import { randomBytes } from "node:crypto";
import prisma, { target } from "../db.server";
import type { Query } from "./run.server";

let sequence = 0;
// Random bytes drawn 6 KB at a time: randomBytes(6) per id was 2 % of the collect path's CPU.
let entropy = Buffer.alloc(0);
let drawn = 0;
const random6 = () => {
  if (drawn + 6 > entropy.length) [entropy, drawn] = [randomBytes(6 * 1024), 0];
  return entropy.toString("hex", drawn, (drawn += 6));
};
/** cuid-shaped and, like Prisma's cuids, ordered by creation time (Activity breaks ties by id). */
export const rowId = () => `c${Date.now().toString(36).padStart(9, "0")}${(sequence++ % 36 ** 4).toString(36).padStart(4, "0")}${random6()}`;

/** A timestamp as Prisma stores it: ISO text with +00:00 on SQLite; UTC wall time on PostgreSQL's `timestamp(3)`. */
export const sqlDate = (d: Date) => (target.provider === "sqlite" ? d.toISOString().replace("Z", "+00:00") : d.toISOString().replace("Z", ""));

/**
 * Memoises a SQL text built from its key: the hot paths build the same few texts for every batch,
 * and building them was 2 % of the intake's CPU. Bounded: keys come from batch sizes, not data.
 */
export function memo<K>(build: (key: K) => string): (key: K) => string {
  const texts = new Map<K, string>();
  return (key) => {
    let text = texts.get(key);
    if (text === undefined) {
      if (texts.size >= 5_000) texts.clear();
      texts.set(key, (text = build(key)));
    }
    return text;
  };
}

const placeholderText = memo((key: string) => {
  const [n, start] = key.split(",").map(Number);
  return Array.from({ length: n }, (_, i) => (target.provider === "sqlite" ? "?" : `$${start + i + 1}`)).join(", ");
});

/** `$1, $2, …` on PostgreSQL, `?` on SQLite, for `n` values from `start`. */
export const placeholders = (n: number, start: number) => placeholderText(target.provider === "sqlite" ? `${n},0` : `${n},${start}`);

/** The `n`th bind parameter (from 1): `$n` on PostgreSQL, `?` on SQLite (arguments in order of appearance). */
export const param = (n: number) => (target.provider === "sqlite" ? "?" : `$${n}`);

/**
 * A timestamp read by plain SQL: SQLite gives Prisma's ISO text back, PostgreSQL's pools a Date
 * (run.server.ts reads `timestamp` columns as the UTC they hold).
 */
export const readDate = (v: unknown): Date | null => (v == null ? null : v instanceof Date ? v : new Date(v as string | number));

export const TRUE = target.provider === "sqlite" ? "1" : "TRUE";

export interface Statement {
  sql: string;
  args: unknown[];
}

/**
 * A multi-row INSERT. SQLite: statements of 64, 16, 4 or 1 rows, few distinct statements, each
 * prepared once and reused (app/db/statement-cache.ts). PostgreSQL: each statement takes as many
 * rows as its parameter limit allows, one round trip per table for a batch, not one per chunk (its
 * texts are prepared too, a bounded number of them: app/db/run.server.ts).
 * `start`: bind parameters already used before it (PostgreSQL numbers them; see `insertManyStatements`).
 * `text`: columns whose values may be UTF-8 bytes (a Buffer) to store as text. PostgreSQL takes a
 * Buffer as a binary parameter, which for a text column is the text itself; SQLite would store a
 * BLOB, so there the value is cast (a no-op for a string, and one SQL text for both).
 */
export function insertStatements(table: string, cols: string[], rows: unknown[][], start = 0, text: string[] = []): Statement[] {
  const statements: Statement[] = [];
  const most = Math.max(1, Math.min(PG_MAX_ROWS, Math.floor(PG_MAX_PARAMS / cols.length)));
  let at = 0;
  while (at < rows.length) {
    const left = rows.length - at;
    const size = target.provider === "sqlite" ? CHUNK_SIZES.find((n) => n <= left)! : Math.min(left, most);
    const args: unknown[] = [];
    for (let r = at; r < at + size; r++) for (const value of rows[r]) args.push(value);
    statements.push({ sql: insertText(`${table}\u0000${cols.join(",")}\u0000${size}\u0000${start}\u0000${text.join(",")}`), args });
    at += size;
  }
  return statements;
}

/**
 * `insertStatements` whose rows update the row already holding their `key` (a unique index): only
 * the `update` columns take the new values. SQLite (3.24+) and PostgreSQL spell it alike.
 */
export function upsertStatements(table: string, cols: string[], rows: unknown[][], key: string[], update: string[]): Statement[] {
  const clause = ` ON CONFLICT (${key.map((c) => `"${c}"`).join(", ")}) DO UPDATE SET ${update.map((c) => `"${c}" = excluded."${c}"`).join(", ")}`;
  return insertStatements(table, cols, rows).map(({ sql, args }) => ({ sql: sql + clause, args }));
}

const insertText = memo((key: string) => {
  const [table, colList, size, start, textList] = key.split("\u0000");
  const [cols, text] = [colList.split(","), textList ? textList.split(",") : []];
  const values = Array.from({ length: Number(size) }, (_, i) => `(${rowPlaceholders(cols, Number(start) + i * cols.length, text)})`).join(", ");
  return `INSERT INTO "${table}" (${cols.map((c) => `"${c}"`).join(", ")}) VALUES ${values}`;
});

const rowPlaceholders = (cols: string[], start: number, text: string[]) =>
  text.length && target.provider === "sqlite"
    ? cols.map((c) => (text.includes(c) ? "CAST(? AS TEXT)" : "?")).join(", ")
    : placeholders(cols.length, start);

/** PostgreSQL's protocol allows 65 535 bind parameters a statement; Prisma's raw queries as many. */
const PG_MAX_PARAMS = 30_000;
/** Rows of 10 KB payloads: a statement of 500 is 5 MB, in the driver's memory and the server's. */
const PG_MAX_ROWS = 500;

/** Rows for `insertManyStatements`. `types`: PostgreSQL's type of each column that is not `text`. */
export type InsertRows = { table: string; cols: string[]; rows: unknown[][]; text?: string[]; types?: Record<string, string> };

/**
 * Several tables' rows in as few statements as the database allows, to run in the order given
 * (parents first). PostgreSQL: one statement, the earlier INSERTs as data-modifying CTEs — a
 * batch's events and their outbox rows in one round trip — while it stays under the parameter limit.
 * There, tables that say their `types` pass each column as one array (`unnestInsert`).
 */
export function insertManyStatements(inserts: InsertRows[]): Statement[] {
  const present = inserts.filter((i) => i.rows.length);
  if (!present.length) return [];
  if (target.provider === "postgresql" && present.every((i) => i.types && i.rows.length <= PG_MAX_ROWS)) {
    let at = 0;
    const parts = present.map((i) => {
      const part = unnestInsert(i, at);
      at += part.args.length;
      return part;
    });
    return parts.length === 1 ? parts : [withCtes(parts)];
  }
  let start = 0;
  const parts = present.map(({ table, cols, rows, text }) => {
    const statements = insertStatements(table, cols, rows, start, text);
    start += rows.length * cols.length;
    return statements;
  });
  // Each table's rows must fit one statement, and all of them the limit together.
  if (target.provider === "sqlite" || parts.length < 2 || start > PG_MAX_PARAMS || parts.some((p) => p.length > 1)) {
    return present.flatMap(({ table, cols, rows, text }) => insertStatements(table, cols, rows, 0, text));
  }
  return [withCtes(parts.map(([statement]) => statement))];
}

/** One statement: every INSERT but the last as a data-modifying CTE, run in the order given. */
function withCtes(statements: Statement[]): Statement {
  const [last, ...earlier] = [...statements].reverse();
  const ctes = earlier.reverse().map((p, i) => `"w${i}" AS (${p.sql})`).join(", ");
  return { sql: `WITH ${ctes} ${last.sql}`, args: [...earlier.flatMap((p) => p.args), ...last.args] };
}

/**
 * PostgreSQL: `INSERT … SELECT * FROM unnest($1::text[], $2::timestamp(3)[], …)`, one array per
 * column, so the statement's text, and PostgreSQL's parse and plan of it, stay the same size
 * whatever the rows. Multi-row VALUES made it parse, plan and copy every value of a 20-webhook
 * batch: profiled, a quarter of its CPU for the intake's statement. `text` columns (10 KB
 * payloads, Buffers) stay one parameter a row, in an ARRAY[…]: in an array parameter the driver
 * would write them out as escaped text, and PostgreSQL parse them back.
 */
function unnestInsert({ table, cols, rows, text = [], types = {} }: InsertRows, start: number): Statement {
  const args: unknown[] = [];
  const columns = cols.map((c, i) => {
    if (text.includes(c)) {
      const first = start + args.length;
      for (const row of rows) args.push(row[i]);
      return `ARRAY[${placeholders(rows.length, first)}]::text[]`;
    }
    args.push(rows.map((row) => row[i]));
    return `$${start + args.length}::${types[c] ?? "text"}[]`;
  });
  return { sql: `INSERT INTO "${table}" (${cols.map((c) => `"${c}"`).join(", ")}) SELECT * FROM unnest(${columns.join(", ")})`, args };
}

export async function insertRows(q: Query, table: string, cols: string[], rows: unknown[][], text?: string[]) {
  for (const { sql, args } of insertStatements(table, cols, rows, 0, text)) await q(sql, args);
}

const CHUNK_SIZES = [64, 16, 4, 1];

/** A statement as a write in a Prisma batch transaction (`prisma.$transaction([...])`), beside Prisma's own. */
export const asWrite = ({ sql, args }: Statement) => prisma.$executeRawUnsafe(sql, ...args);

/** A value as a bind parameter: dates in Prisma's stored format, everything else as it is. */
export const sqlValue = (v: unknown) => (v instanceof Date ? sqlDate(v) : v === undefined ? null : v);

/**
 * `UPDATE "table" SET … WHERE "id" IN (…)`: `set` is column → value (a Date is stored as Prisma
 * stores it); `raw` is column → SQL expression (e.g. `"attempts" + 1`); `perRow` one column whose
 * value differs by row (`CASE "id" …`), rows it does not name keeping theirs.
 */
export function updateByIds(
  table: string,
  ids: string[],
  set: Record<string, unknown>,
  raw: Record<string, string> = {},
  perRow?: { column: string; values: Map<string, unknown> },
): Statement {
  const cols = Object.keys(set);
  const assignments = [...cols.map((c, i) => `"${c}" = ${param(i + 1)}`), ...Object.entries(raw).map(([c, expr]) => `"${c}" = ${expr}`)];
  const cases = [...(perRow?.values ?? [])];
  if (perRow && cases.length) {
    const whens = cases.map((_, i) => `WHEN ${param(cols.length + 2 * i + 1)} THEN ${param(cols.length + 2 * i + 2)}`);
    assignments.push(`"${perRow.column}" = CASE "id" ${whens.join(" ")} ELSE "${perRow.column}" END`);
  }
  return {
    sql: `UPDATE "${table}" SET ${assignments.join(", ")} WHERE "id" IN (${placeholders(ids.length, cols.length + 2 * cases.length)})`,
    args: [...cols.map((c) => sqlValue(set[c])), ...cases.flatMap(([id, v]) => [id, sqlValue(v)]), ...ids],
  };
}
