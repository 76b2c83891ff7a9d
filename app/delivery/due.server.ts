// A connection's due outbox rows, oldest first: the first read of every drain.
import type { Delivery } from "../../node_modules/.conduit/prisma-sqlite/index.js";
import { query } from "../db/run.server";
import { param, placeholders, readDate, sqlDate } from "../db/sql.server";
import { DUE } from "./states";

// Every column but the two a settled row carries for the Activity page (sent body, vendor answer):
// a due row has none worth reading, and they are the widest.
const COLUMNS = [
  "id", "shopId", "connectionId", "vendor", "eventId", "topic", "kind", "op", "entityId", "entityUpdatedAt", "status",
  "attempts", "nextAttemptAt", "leaseUntil", "lastError", "responseStatus", "deliveredAt", "replayOf", "createdAt", "updatedAt",
] as const;
const DATES = ["entityUpdatedAt", "nextAttemptAt", "leaseUntil", "deliveredAt", "createdAt", "updatedAt"] as const;

const SELECT = `SELECT ${COLUMNS.map((c) => `"${c}"`).join(", ")} FROM "Delivery"
  WHERE "connectionId" = ${param(1)} AND "status" IN (${placeholders(DUE.length, 1)}) AND "nextAttemptAt" <= ${param(2 + DUE.length)}
  ORDER BY "createdAt" ASC LIMIT ${param(3 + DUE.length)}`;

export type DueRow = Omit<Delivery, "sentBody" | "responseExcerpt">;

/**
 * Plain SQL on the driver: Prisma turning 500 rows of twenty columns into objects was most of
 * what it still cost a worker (issue 11).
 */
export async function dueRows(connectionId: string, now: Date, limit: number): Promise<DueRow[]> {
  const rows = await query(SELECT, [connectionId, ...DUE, sqlDate(now), limit]);
  for (const row of rows) for (const c of DATES) row[c] = readDate(row[c]);
  return rows as unknown as DueRow[];
}
