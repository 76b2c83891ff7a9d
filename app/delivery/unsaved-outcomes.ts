// A vendor call's outcome that could not be written: the database went away between the call and
// its settle. The vendor has the records; the rows still say "in flight", and once their lease ran
// out they would be sent again. So the outcome stays in this process's memory and is written first
// thing once the database answers — before this process drains that connection again, and before
// its sweeper releases expired leases. A crash meanwhile loses it; the lease then makes that one
// call at-least-once, as every vendor call already is (idempotent upserts, once-only memos).
import { logger } from "../logger.server";

type Save = () => Promise<unknown>;

// Past this age a kept outcome is dropped (its rows are retried): an outcome that cannot be
// written for this long is not waiting for an outage to end.
const KEEP_MS = 15 * 60_000;
const kept = new Map<string, { save: Save; since: number }[]>();

/** Runs `save`; if it fails, keeps it to run again and rethrows. */
export async function saveOrKeep(connectionId: string, save: Save): Promise<void> {
  try {
    await save();
  } catch (err) {
    const list = kept.get(connectionId) ?? [];
    list.push({ save, since: Date.now() });
    kept.set(connectionId, list);
    throw err;
  }
}

// The sweeper and a drain may both ask at once: one writer at a time, so nothing is written twice.
let writing: Promise<unknown> = Promise.resolve();

/** Writes what is kept (for one connection, or all), oldest first; throws while the database is still away. */
export function saveKept(connectionId?: string): Promise<void> {
  if (kept.size === 0) return Promise.resolve();
  const run = writing.then(() => writeKept(connectionId));
  writing = run.catch(() => undefined);
  return run;
}

async function writeKept(connectionId?: string): Promise<void> {
  for (const [id, list] of kept) {
    if (connectionId !== undefined && id !== connectionId) continue;
    while (list.length) {
      const { save, since } = list[0];
      if (Date.now() - since > KEEP_MS) {
        logger.error({ connection: id }, "a vendor call's outcome could not be written for 15 minutes; its rows will be retried");
      } else {
        await save();
        logger.info({ connection: id }, "a vendor call's outcome, kept through a database outage, is written");
      }
      list.shift();
    }
    kept.delete(id);
  }
}

/** How many outcomes wait to be written (for /metrics and tests of this process). */
export const keptOutcomes = () => [...kept.values()].reduce((n, l) => n + l.length, 0);
