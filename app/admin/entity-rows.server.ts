// The Activity page's entity filter ("what happened to order 1234?"). Asked as `entityId = ?`
// beside the shop, the database walked the shop's outbox newest first, every row of it — on
// SQLite on the event loop that answers webhooks: 280–350 ms beside 1.2 million rows, whether the
// entity had rows or none. Its rows are found instead by (connectionId, kind, entityId), one probe
// per connection of the shop and kind, and the rest of the filter is applied to them here: asked
// for by id beside a status or the shop, SQLite took that column's index over the primary key.
import prisma from "../db.server";
import { query } from "../db/run.server";
import { param, placeholders, readDate } from "../db/sql.server";
import type { EntityKind } from "../domain/types";
import { matchesFilter, newestFirst, type ActivityFilter } from "./activity-filter";

const KINDS: EntityKind[] = ["customer", "category", "product", "order", "storefront_event"];

/** An entity with more rows than this is filtered by the database, the slow way. */
export const ENTITY_ROWS_MAX = 2_000;

/** Args: the connections' ids, the kinds, the entity's id. Only these columns are asked about, so no other index looks better. */
export const entityRowsSql = (connections: number, kinds: number) =>
  `SELECT "id", "createdAt", "vendor", "status", "topic", "kind" FROM "Delivery"
     WHERE "connectionId" IN (${placeholders(connections, 0)}) AND "kind" IN (${placeholders(kinds, connections)})
     AND "entityId" = ${param(connections + kinds + 1)} LIMIT ${ENTITY_ROWS_MAX + 1}`;

export type EntityRow = { id: string; createdAt: Date; vendor: string; status: string };

/** The shop's rows of the filter's entity that match the rest of it, newest first; undefined when there are too many. */
export async function entityRows(shopId: string, f: ActivityFilter & { entity: string }): Promise<EntityRow[] | undefined> {
  // Every row of the shop is a row of one of its connections (deleting one deletes its rows).
  const connections = (await prisma.vendorConnection.findMany({ where: { shopId }, select: { id: true } })).map((c) => c.id);
  if (!connections.length) return [];
  const kinds = f.kind ? [f.kind] : KINDS;
  const found = await query(entityRowsSql(connections.length, kinds.length), [...connections, ...kinds, f.entity]);
  if (found.length > ENTITY_ROWS_MAX) return undefined;
  const rows = found.map((r) => ({ id: String(r.id), createdAt: readDate(r.createdAt)!, vendor: String(r.vendor), status: String(r.status), topic: String(r.topic), kind: String(r.kind) }));
  return rows.filter(matchesFilter(f)).sort(newestFirst);
}
