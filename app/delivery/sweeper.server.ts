// Recovers what a crash left behind and finds what is due. A row left in flight by a worker
// that died (kill -9, OOM) is retried once its lease expires: it may have reached the vendor,
// which is why every vendor call is an idempotent upsert or guarded by a once-only memo.
import prisma from "../db.server";
import { param, placeholders, sqlDate, TRUE } from "../db/sql.server";
import { query } from "../db/run.server";
import { logger } from "../logger.server";
import { finishLeftRequests } from "../privacy/unfinished.server";
import { reconcileDueShops } from "../reconcile/due.server";
import { pruneIfDue } from "../retention/prune.server";
import { holdAndRelease } from "./hold.server";
import { moveRows } from "./move.server";
import { saveKept } from "./unsaved-outcomes";
import { DUE, Status } from "./states";

export async function recoverExpiredLeases(now = new Date()): Promise<number> {
  // Only a row still in flight with its lease expired moves: another sweeper, or the worker
  // renewing or settling it, may have got there first.
  const released = await moveRows({
    from: Status.inFlight,
    to: Status.retrying,
    where: { leaseUntil: { lt: now } },
    data: { nextAttemptAt: now, leaseUntil: null, lastError: "worker stopped mid-delivery; retrying" },
    note: "lease expired",
    limit: 1000,
  });
  if (released.length === 0) return 0;
  const shops = await prisma.shop.findMany({ where: { id: { in: [...new Set(released.map((r) => r.shopId))] } }, select: { id: true, domain: true } });
  const domain = new Map(shops.map((s) => [s.id, s.domain]));
  for (const connection of new Set(released.map((r) => r.connectionId))) {
    const rows = released.filter((r) => r.connectionId === connection);
    logger.warn({ shop: domain.get(rows[0].shopId), vendor: rows[0].vendor, connection, deliveries: rows.map((r) => r.id) }, "in-flight deliveries of a stopped worker released for retry");
  }
  return released.length;
}

/**
 * One sweep, the same in the embedded worker and in BullMQ workers: reconciliation, pruning and
 * unfinished privacy requests (in the background), leases left by dead workers, rows held or released by their connection's state,
 * then the connections with work due.
 */
export async function sweepDue(now = new Date()): Promise<string[]> {
  // In the background, at most once a minute; it never throws (app/reconcile).
  void reconcileDueShops(now);
  // Likewise: what is past its retention window is deleted (app/retention).
  void pruneIfDue(now);
  // And privacy requests whose webhook's process stopped before completing them (app/privacy).
  void finishLeftRequests(now);
  // Outcomes kept through an outage first: their rows' leases have expired, but they were sent.
  await saveKept();
  await recoverExpiredLeases(now);
  await holdAndRelease(now);
  return dueConnectionIds(now);
}

/**
 * Connections with rows due now and nothing stopping them (paused, throttled, disabled). Plain SQL:
 * an index probe per connection, where grouping every due row by connection read all of them —
 * 0.7 ms a sweep during an import, whose rows are all due (issue 13).
 */
export async function dueConnectionIds(now = new Date()): Promise<string[]> {
  const at = sqlDate(now);
  const rows = await query(
    `SELECT "id" FROM "VendorConnection" AS "c"
      WHERE "c"."enabled" = ${TRUE} AND "c"."status" = 'active' AND ("c"."throttledUntil" IS NULL OR "c"."throttledUntil" <= ${param(1)})
        AND EXISTS (SELECT 1 FROM "Delivery" AS "d" WHERE "d"."connectionId" = "c"."id"
                      AND "d"."status" IN (${placeholders(DUE.length, 1)}) AND "d"."nextAttemptAt" <= ${param(2 + DUE.length)})`,
    [at, ...DUE, at],
  );
  return rows.map((r) => String(r.id));
}
