// A stopped connection holds its rows. While it needs the merchant's attention, is paused by an
// uninstall or is turned off, its waiting rows are `paused`; once it runs again — however it came
// back (keys fixed in the admin or the CLI, re-enabled, app reinstalled) — they are `pending`.
// Every sweep does both, and each move is logged as a transition like any other.
import prisma from "../db.server";
import { moveRows } from "./move.server";
import { Status } from "./states";

const RUNNING = { connection: { enabled: true, status: "active" } };
// Stopped connections are few and waiting rows many (an import keeps thousands pending): the
// stopped ones are looked up first and their rows found by index, where a join from the rows
// read every waiting row on every sweep.
const KEYS_PER_MOVE = 500;

/** Pauses the waiting rows of stopped connections and releases the paused rows of running ones. */
export async function holdAndRelease(now = new Date()): Promise<{ held: number; released: number }> {
  const note = "held: the connection is stopped";
  const stopped = await prisma.vendorConnection.findMany({ where: { OR: [{ enabled: false }, { status: { not: "active" } }] }, select: { id: true } });
  let held = 0;
  for (let i = 0; i < stopped.length; i += KEYS_PER_MOVE) {
    const where = { connectionId: { in: stopped.slice(i, i + KEYS_PER_MOVE).map((c) => c.id) } };
    held += (await moveRows({ from: Status.pending, to: Status.paused, where, note })).length;
    held += (await moveRows({ from: Status.retrying, to: Status.paused, where, note })).length;
  }
  const released = await moveRows({ from: Status.paused, to: Status.pending, where: RUNNING, data: { nextAttemptAt: now }, note: "released: the connection runs again" });
  return { held, released: released.length };
}
