// Recovers what a crash left behind and finds what is due. A row left in flight by a worker
// that died (kill -9, OOM) is retried once its lease expires: it may have reached the vendor,
// which is why every vendor call is an idempotent upsert or guarded by a once-only memo.
import prisma from "../db.server";
import { logger } from "../logger.server";
import { DUE, Status } from "./states";

export async function recoverExpiredLeases(now = new Date()): Promise<number> {
  const stuck = await prisma.delivery.findMany({
    where: { status: Status.inFlight, leaseUntil: { lt: now } },
    select: { id: true, vendor: true, connectionId: true, shop: { select: { domain: true } } },
    take: 1000,
  });
  // Row by row and conditional: every worker process sweeps, and a row may have been renewed or
  // settled since it was read; only the sweeper that actually moves it logs the transition.
  const released: typeof stuck = [];
  for (const row of stuck) {
    const moved = await prisma.$transaction(async (tx) => {
      const { count } = await tx.delivery.updateMany({
        where: { id: row.id, status: Status.inFlight, leaseUntil: { lt: now } },
        data: { status: Status.retrying, nextAttemptAt: now, leaseUntil: null, lastError: "worker stopped mid-delivery; retrying" },
      });
      if (count === 1) await tx.deliveryAttempt.create({ data: { deliveryId: row.id, fromStatus: Status.inFlight, toStatus: Status.retrying, error: "lease expired" } });
      return count === 1;
    });
    if (moved) released.push(row);
  }
  for (const connection of new Set(released.map((r) => r.connectionId))) {
    const rows = released.filter((r) => r.connectionId === connection);
    logger.warn({ shop: rows[0].shop.domain, vendor: rows[0].vendor, connection, deliveries: rows.map((r) => r.id) }, "in-flight deliveries of a stopped worker released for retry");
  }
  return released.length;
}

/** Connections with rows due now and nothing stopping them (paused, throttled, disabled). */
export async function dueConnectionIds(now = new Date()): Promise<string[]> {
  const groups = await prisma.delivery.groupBy({
    by: ["connectionId"],
    where: {
      status: { in: DUE },
      nextAttemptAt: { lte: now },
      connection: { enabled: true, status: "active", OR: [{ throttledUntil: null }, { throttledUntil: { lte: now } }] },
    },
  });
  return groups.map((g) => g.connectionId);
}
