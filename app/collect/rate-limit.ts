// Fixed-window counters per key (a shop, a shop's visitor). In memory, per web process: a flood
// is refused where it lands, without a database round trip. With REDIS_URL the same windows are
// kept in Redis, shared by every web process (shared-limit.server.ts).
export interface Limit {
  events: number;
  windowMs: number;
}

/** "120/10s", "5000/1m" or "30/1s" → a Limit; `fallback` when unreadable, or when it lets nothing through. */
export function parseLimit(raw: string | undefined, fallback: Limit): Limit {
  const m = raw?.trim().match(/^(\d+)\/(\d+)(ms|s|m)$/);
  if (!m) return fallback;
  const unit = { ms: 1, s: 1000, m: 60_000 }[m[3] as "ms" | "s" | "m"];
  const limit = { events: Number(m[1]), windowMs: Number(m[2]) * unit };
  return limit.events > 0 && limit.windowMs > 0 ? limit : fallback;
}

export class RateLimiter {
  private windows = new Map<string, { start: number; used: number }>();
  constructor(private readonly limit: Limit, private readonly now = () => Date.now()) {}

  /** Takes `n` events for `key`; returns 0 when allowed, else the ms until the window reopens. */
  take(key: string, n: number): number {
    const now = this.now();
    let w = this.windows.get(key);
    if (!w || now - w.start >= this.limit.windowMs) {
      w = { start: now, used: 0 };
      this.windows.set(key, w);
      if (this.windows.size > 100_000) this.sweep(now);
    }
    if (w.used + n > this.limit.events) return w.start + this.limit.windowMs - now;
    w.used += n;
    return 0;
  }

  // Idle keys would otherwise grow the map with every visitor ever seen.
  private sweep(now: number) {
    for (const [key, w] of this.windows) if (now - w.start >= this.limit.windowMs) this.windows.delete(key);
  }
}
