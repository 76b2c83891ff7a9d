// Activity filters that match few of a shop's rows: a record ("what happened to order 1234?"),
// a rare topic, kind or status. Asked for newest first with the filter beside the shop, the
// database walks the shop's outbox newest first until it has a page — all of it when the matches
// are few or none: 90–350 ms beside 1.2 million rows on SQLite, on the event loop that answers
// webhooks. Each such filter is first asked of its own index, at most FEW rows; when one of them
// holds few enough, the rest of the filter is applied to those rows here.
import prisma, { target } from "../db.server";
import { query, type Row } from "../db/run.server";
import { param, placeholders, readDate } from "../db/sql.server";
import { VENDOR_IDS } from "../vendors";
import { matchesFilter, newestFirst, statusesFor, type ActivityFilter } from "./activity-filter";
import { KIND_LABEL } from "./status";

/** Every kind of record: the ones the page names. */
const KINDS = Object.keys(KIND_LABEL);

/** Up to this many rows are filtered and ordered here; more are left to the database's walk. */
export const FEW = 2_000;

const COLUMNS = `"id", "createdAt", "vendor", "status", "topic", "kind", "entityId"`;
const ph = placeholders;

/**
 * Each names only its own index's columns, so that no other index looks better to a planner
 * without statistics. `cols`: what to read (a count reads "1", from the index alone). Args in
 * order of the placeholders.
 */
export const FEW_ROWS = {
  /** (connectionId, kind, entityId): the shop's connections, the kinds, the record's id. */
  entity: (connections: number, kinds: number, cols = COLUMNS) =>
    `SELECT ${cols} FROM "Delivery" WHERE "connectionId" IN (${ph(connections, 0)}) AND "kind" IN (${ph(kinds, connections)}) AND "entityId" = ${param(connections + kinds + 1)} LIMIT ${FEW + 1}`,
  /** (shopId, topic): the shop, the topic. */
  topic: (cols = COLUMNS) => `SELECT ${cols} FROM "Delivery" WHERE "shopId" = ${param(1)} AND "topic" = ${param(2)} LIMIT ${FEW + 1}`,
  /**
   * (shopId, vendor, status): the shop, the vendors, the statuses. PostgreSQL, without statistics,
   * combined the shop's index with the status's (every delivered row), so there one probe per
   * vendor and status.
   */
  status: (vendors: number, statuses: number, cols = COLUMNS) =>
    target.provider === "postgresql"
      ? `SELECT ${cols === COLUMNS ? `"d".*` : cols} FROM unnest(ARRAY[${ph(vendors, 1)}]::text[]) AS "v"("vendor") CROSS JOIN unnest(ARRAY[${ph(statuses, 1 + vendors)}]::text[]) AS "s"("status")
           CROSS JOIN LATERAL (SELECT ${COLUMNS} FROM "Delivery" WHERE "shopId" = $1 AND "vendor" = "v"."vendor" AND "status" = "s"."status" LIMIT ${FEW + 1}) AS "d" LIMIT ${FEW + 1}`
      : `SELECT ${cols} FROM "Delivery" WHERE "shopId" = ? AND "vendor" IN (${ph(vendors, 1)}) AND "status" IN (${ph(statuses, 1 + vendors)}) LIMIT ${FEW + 1}`,
  /** (connectionId, kind, entityId): the shop's connections, the kind. */
  kind: (connections: number, cols = COLUMNS) => `SELECT ${cols} FROM "Delivery" WHERE "connectionId" IN (${ph(connections, 0)}) AND "kind" = ${param(connections + 1)} LIMIT ${FEW + 1}`,
};

/** How many rows a probe finds, up to FEW + 1. */
export const countOf = (probe: string) => `SELECT count(*) AS "n" FROM (${probe}) AS "p"`;

export type FewRow = { id: string; createdAt: Date; vendor: string; status: string; topic: string; kind: string; entityId: string };

type Probe = { sql: (cols?: string) => string; args: unknown[] };

/** The shop's rows that match `f`, newest first, when one of its filters narrows them to FEW; else undefined. */
export async function fewRows(shopId: string, f: ActivityFilter): Promise<FewRow[] | undefined> {
  if (!f.entity && !f.topic && !f.status && !f.kind) return undefined;
  // Every row of the shop is a row of one of its connections (deleting one deletes its rows).
  const connections = f.entity || f.kind ? (await prisma.vendorConnection.findMany({ where: { shopId }, select: { id: true } })).map((c) => c.id) : [];
  if ((f.entity || f.kind) && !connections.length) return [];
  const probes: Probe[] = [];
  if (f.entity) {
    const kinds = f.kind ? [f.kind] : KINDS;
    probes.push({ sql: (cols) => FEW_ROWS.entity(connections.length, kinds.length, cols), args: [...connections, ...kinds, f.entity] });
  }
  if (f.topic) probes.push({ sql: (cols) => FEW_ROWS.topic(cols), args: [shopId, f.topic] });
  if (f.status) {
    const [vendors, statuses] = [f.vendor ? [f.vendor] : VENDOR_IDS, statusesFor(f.status)];
    probes.push({ sql: (cols) => FEW_ROWS.status(vendors.length, statuses.length, cols), args: [shopId, ...vendors, ...statuses] });
  }
  if (f.kind && !f.entity) probes.push({ sql: (cols) => FEW_ROWS.kind(connections.length, cols), args: [...connections, f.kind] });
  for (const { sql, args } of probes) {
    // Counted first, from the index alone: a filter that matches many rows costs little here.
    const [{ n }] = await query(countOf(sql("1")), args);
    if (Number(n) <= FEW) return (await query(sql(), args)).map(fewRow).filter(matchesFilter(f)).sort(newestFirst);
  }
  return undefined;
}

const fewRow = (r: Row): FewRow => ({
  id: String(r.id), createdAt: readDate(r.createdAt)!, vendor: String(r.vendor), status: String(r.status), topic: String(r.topic), kind: String(r.kind), entityId: String(r.entityId),
});
