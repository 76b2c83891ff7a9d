// Replay: give failed rows another go. Dead and rejected rows are revived in place, so a replay
// can never double a delivery; re-sending something already delivered needs `resend: true`,
// which adds a new row pointing at the original.
import prisma from "../db.server";
import { notifyDue } from "./scheduler.server";
import { REPLAYABLE, Status } from "./states";

export interface ReplayFilter {
  ids?: string[];
  shop?: string;
  vendor?: string;
  since?: Date;
  until?: Date;
  /** Also re-send rows already delivered (as new rows). */
  resend?: boolean;
}

export async function replay(filter: ReplayFilter): Promise<{ revived: number; resent: number }> {
  const where = {
    ...(filter.ids?.length ? { id: { in: filter.ids } } : {}),
    ...(filter.shop ? { shop: { domain: filter.shop } } : {}),
    ...(filter.vendor ? { vendor: filter.vendor } : {}),
    ...(filter.since || filter.until ? { createdAt: { gte: filter.since, lte: filter.until } } : {}),
  };
  const failed = await prisma.delivery.findMany({ where: { ...where, status: { in: REPLAYABLE } }, select: { id: true, status: true, connectionId: true } });
  const now = new Date();
  for (const row of failed) {
    await prisma.delivery.update({ where: { id: row.id }, data: { status: Status.pending, nextAttemptAt: now, attempts: 0, replayOf: row.id } });
    await prisma.deliveryAttempt.create({ data: { deliveryId: row.id, fromStatus: row.status, toStatus: Status.pending, error: "replayed" } });
  }
  let resent = 0;
  const connections = new Set(failed.map((r) => r.connectionId));
  if (filter.resend) {
    const done = await prisma.delivery.findMany({ where: { ...where, status: Status.delivered } });
    for (const d of done) {
      await prisma.delivery.create({
        data: {
          shopId: d.shopId, connectionId: d.connectionId, vendor: d.vendor, eventId: d.eventId, topic: d.topic, kind: d.kind,
          op: d.op, entityId: d.entityId, entityUpdatedAt: d.entityUpdatedAt, replayOf: d.id,
        },
      });
      connections.add(d.connectionId);
      resent++;
    }
  }
  notifyDue([...connections]);
  return { revived: failed.length, resent };
}
