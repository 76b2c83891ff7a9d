// A connection's due outbox rows (pending, retrying), oldest first: the first read of every drain.
import type { Delivery } from "../../node_modules/.conduit/prisma-sqlite/index.js";
import { query } from "../db/run.server";
import { param, readDate, sqlDate } from "../db/sql.server";
import { Status } from "./states";

// Every column but the two a settled row carries for the Activity page (sent body, vendor answer):
// a due row has none worth reading, and they are the widest.
const COLUMNS = [
  "id", "shopId", "connectionId", "vendor", "eventId", "topic", "kind", "op", "entityId", "entityUpdatedAt", "status",
  "attempts", "nextAttemptAt", "leaseUntil", "lastError", "responseStatus", "deliveredAt", "replayOf", "createdAt", "updatedAt",
] as const;
const DATES = ["entityUpdatedAt", "nextAttemptAt", "leaseUntil", "deliveredAt", "createdAt", "updatedAt"] as const;

const SELECT = `SELECT ${COLUMNS.map((c) => `"${c}"`).join(", ")} FROM "Delivery"`;

/**
 * The oldest pending rows, read in the order of (connectionId, status, createdAt) until `limit` due
 * ones: the `COALESCE` keeps (connectionId, status, nextAttemptAt) from looking better, which found
 * every due row, then sorted them — 85–140 ms a drain beside a backlog of 100 000 on SQLite, on the
 * event loop that answers webhooks, for every 500 rows sent. Pending rows are due from the start
 * (or from their release), so the walk meets few that are not.
 */
export const DUE_PENDING = `${SELECT} WHERE "connectionId" = ${param(1)} AND "status" = '${Status.pending}'
  AND COALESCE("nextAttemptAt", "nextAttemptAt") <= ${param(2)} ORDER BY "createdAt" ASC LIMIT ${param(3)}`;
/**
 * Retrying rows are mostly waiting out their backoff: those due now found by nextAttemptAt, then
 * the oldest of them taken.
 */
export const DUE_RETRYING = `${SELECT} WHERE "connectionId" = ${param(1)} AND "status" = '${Status.retrying}'
  AND "nextAttemptAt" <= ${param(2)} ORDER BY "createdAt" ASC LIMIT ${param(3)}`;

export type DueRow = Omit<Delivery, "sentBody" | "responseExcerpt">;

/**
 * The connection's `limit` oldest due rows, oldest first. Plain SQL on the driver: Prisma turning
 * 500 rows of twenty columns into objects was most of what it still cost a worker (issue 11).
 */
export async function dueRows(connectionId: string, now: Date, limit: number): Promise<DueRow[]> {
  const args = [connectionId, sqlDate(now), limit];
  const found = [...(await query(DUE_PENDING, args)), ...(await query(DUE_RETRYING, args))];
  for (const row of found) for (const c of DATES) row[c] = readDate(row[c]);
  const rows = found as unknown as DueRow[];
  rows.sort((a, b) => a.createdAt.getTime() - b.createdAt.getTime() || (a.id < b.id ? -1 : a.id > b.id ? 1 : 0));
  return rows.slice(0, limit);
}
