// A stopped connection holds its rows. While it needs the merchant's attention, is paused by an
// uninstall or is turned off, its waiting rows are `paused`; once it runs again — however it came
// back (keys fixed in the admin or the CLI, re-enabled, app reinstalled) — they are `pending`.
// Every sweep does both, and each move is logged as a transition like any other.
import prisma from "../db.server";
import { Status, type DeliveryStatus } from "./states";

const STOPPED = { OR: [{ enabled: false }, { status: { not: "active" } }] };
const RUNNING = { enabled: true, status: "active" };

async function move(from: DeliveryStatus, to: DeliveryStatus, connection: object, note: string, now: Date): Promise<number> {
  const where = { status: from, connection };
  // A read first: almost every sweep has nothing to move, and a write transaction would take
  // SQLite's one write lock from the webhooks twice a second for nothing.
  if (!(await prisma.delivery.findFirst({ where, select: { id: true } }))) return 0;
  // One statement picks and moves the rows, so the log names exactly the rows that moved, even
  // with every worker process sweeping at once.
  return prisma.$transaction(async (tx) => {
    const moved = await tx.delivery.updateManyAndReturn({
      where,
      data: to === Status.pending ? { status: to, nextAttemptAt: now } : { status: to },
      select: { id: true },
    });
    if (moved.length) {
      await tx.deliveryAttempt.createMany({ data: moved.map(({ id }) => ({ deliveryId: id, fromStatus: from, toStatus: to, error: note })) });
    }
    return moved.length;
  });
}

/** Pauses the waiting rows of stopped connections and releases the paused rows of running ones. */
export async function holdAndRelease(now = new Date()): Promise<{ held: number; released: number }> {
  const note = "held: the connection is stopped";
  const held = (await move(Status.pending, Status.paused, STOPPED, note, now)) + (await move(Status.retrying, Status.paused, STOPPED, note, now));
  const released = await move(Status.paused, Status.pending, RUNNING, "released: the connection runs again", now);
  return { held, released };
}
