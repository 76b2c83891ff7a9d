// Retry policy: exponential backoff with full jitter, Retry-After honoured, and a retry window
// long enough to outlive a vendor outage of many hours before a row is declared dead.
import { envInterval } from "../env";
export const policy = {
  baseMs: envInterval("CONDUIT_RETRY_BASE_MS", 5_000),
  maxMs: envInterval("CONDUIT_RETRY_MAX_MS", 30 * 60_000),
  windowMs: envInterval("CONDUIT_RETRY_WINDOW_HOURS", 24) * 3_600_000,
  /** How long a worker holds a connection or an in-flight row before others may take it over. */
  leaseMs: envInterval("CONDUIT_LEASE_MS", 60_000),
};

export function backoffMs(attempts: number, retryAfterMs?: number, random = Math.random): number {
  const ceiling = Math.min(policy.maxMs, policy.baseMs * 2 ** Math.max(0, attempts - 1));
  // Half fixed, half jitter: spreads a burst of retries without ever retrying instantly.
  const delay = ceiling / 2 + random() * (ceiling / 2);
  return Math.max(delay, retryAfterMs ?? 0);
}

/** A row that has been failing for longer than the window is dead; replay can revive it. */
export function isPastWindow(createdAt: Date, now: Date): boolean {
  return now.getTime() - createdAt.getTime() > policy.windowMs;
}
