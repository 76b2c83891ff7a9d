// A stopped connection holds its rows. While it needs the merchant's attention, is paused by an
// uninstall or is turned off, its waiting rows are `paused`; once it runs again — however it came
// back (keys fixed in the admin or the CLI, re-enabled, app reinstalled) — they are `pending`.
// Every sweep does both, and each move is logged as a transition like any other.
import { moveRows } from "./move.server";
import { Status } from "./states";

const STOPPED = { connection: { OR: [{ enabled: false }, { status: { not: "active" } }] } };
const RUNNING = { connection: { enabled: true, status: "active" } };

/** Pauses the waiting rows of stopped connections and releases the paused rows of running ones. */
export async function holdAndRelease(now = new Date()): Promise<{ held: number; released: number }> {
  const note = "held: the connection is stopped";
  const pending = await moveRows({ from: Status.pending, to: Status.paused, where: STOPPED, note });
  const retrying = await moveRows({ from: Status.retrying, to: Status.paused, where: STOPPED, note });
  const released = await moveRows({ from: Status.paused, to: Status.pending, where: RUNNING, data: { nextAttemptAt: now }, note: "released: the connection runs again" });
  return { held: pending.length + retrying.length, released: released.length };
}
