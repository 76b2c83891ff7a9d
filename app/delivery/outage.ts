// What a worker does while its database (or Redis) is unreachable: wait longer after each failed
// pass, up to a cap, and say so once per wait instead of once per lane per poll. Without it a
// worker logged ~76 lines per 10 s (≈ 1 GB a day) through an outage and hammered the database
// the moment it came back.
import { envInterval } from "../env";

export interface Outage {
  /** Resolves once the current wait is over (at once when nothing failed). */
  wait(): Promise<void>;
  /**
   * A pass failed. Returns the wait it starts, or undefined when another caller (a lane failing
   * with the same cause) already started this one — so one outage makes one log line per wait.
   */
  failed(now?: number): { delayMs: number; failures: number } | undefined;
  /** A pass succeeded: returns how many failures it ends (0 when none), and resets the wait. */
  succeeded(): number;
}

export function outageBackoff(
  baseMs = envInterval("CONDUIT_POLL_MS", 500),
  maxMs = envInterval("CONDUIT_OUTAGE_MAX_MS", 30_000),
  sleep = (ms: number) => new Promise<void>((r) => setTimeout(r, ms)),
): Outage {
  let failures = 0;
  let until = 0;
  return {
    wait: () => (Date.now() < until ? sleep(until - Date.now()) : Promise.resolve()),
    failed(now = Date.now()) {
      if (now < until) return undefined;
      failures += 1;
      const delayMs = Math.min(maxMs, baseMs * 2 ** (failures - 1));
      until = now + delayMs;
      return { delayMs, failures };
    },
    succeeded() {
      const ended = failures;
      failures = 0;
      until = 0;
      return ended;
    },
  };
}
