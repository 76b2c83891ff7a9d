// Vendors with a per-second call limit per account (Ometria 4, Tracify 5): at most that many calls
// start in any second, plus a margin for the network and a busy process on either side. A sliding
// window, not evenly spaced slots: a call that went late (the worker was busy) is made up by the
// ones after it, where spaced slots lost that time for good — Ometria got 80 % of its limit in a
// 100 000-order import, its pushes a median 291 ms apart instead of 262.
const MARGIN_MS = 50;
const starts = new Map<string, { at: number }[]>();
const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

/** Reserves the next call to `key`, `perSecond` calls a second at most: the reservation says when it may start. */
export function reserveCall(key: string, perSecond: number, now = Date.now()): { at: number } {
  const recent = starts.get(key) ?? [];
  const at = recent.length < perSecond ? now : Math.max(now, recent[recent.length - perSecond].at + 1000 + MARGIN_MS);
  const reservation = { at };
  recent.push(reservation);
  if (recent.length > perSecond) recent.splice(0, recent.length - perSecond);
  starts.set(key, recent);
  return reservation;
}

/** Waits for the next call's turn (see reserveCall). */
export async function paceCall(key: string, perSecond: number): Promise<void> {
  const now = Date.now();
  const reservation = reserveCall(key, perSecond, now);
  if (reservation.at > now) await sleep(reservation.at - now);
  // The window counts from when the call really left: a busy process wakes late, and counting
  // from the planned time let a fifth request reach Ometria inside its second (7 429s in an import).
  reservation.at = Math.max(reservation.at, Date.now());
}
