// Recovers what a crash left behind and finds what is due. A row left in flight by a worker
// that died (kill -9, OOM) is retried once its lease expires: it may have reached the vendor,
// which is why every vendor call is an idempotent upsert or guarded by a once-only memo.
import prisma from "../db.server";
import { DUE, Status } from "./states";

export async function recoverExpiredLeases(now = new Date()): Promise<number> {
  const stuck = await prisma.delivery.findMany({
    where: { status: Status.inFlight, leaseUntil: { lt: now } },
    select: { id: true },
    take: 1000,
  });
  if (stuck.length === 0) return 0;
  const ids = stuck.map((r) => r.id);
  await prisma.delivery.updateMany({
    where: { id: { in: ids }, status: Status.inFlight },
    data: { status: Status.retrying, nextAttemptAt: now, leaseUntil: null, lastError: "worker stopped mid-delivery; retrying" },
  });
  await prisma.deliveryAttempt.createMany({
    data: ids.map((deliveryId) => ({ deliveryId, fromStatus: Status.inFlight, toStatus: Status.retrying, error: "lease expired" })),
  });
  return ids.length;
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
