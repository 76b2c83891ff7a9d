// A small in-memory cache whose entries expire; enough for per-process lookups that may be stale
// for a few minutes (a shop's domain, a product's collections).
const SWEEP_ABOVE = 10_000;

export class TtlCache<V> {
  private readonly entries = new Map<string, { value: V; expires: number }>();

  constructor(
    private readonly ttlMs: number,
    private readonly now: () => number = Date.now,
  ) {}

  get(key: string): V | undefined {
    const entry = this.entries.get(key);
    if (entry && entry.expires > this.now()) return entry.value;
    this.entries.delete(key);
    return undefined;
  }

  set(key: string, value: V): void {
    this.entries.set(key, { value, expires: this.now() + this.ttlMs });
    // Bound memory without a timer: drop what has expired once the map grows large.
    if (this.entries.size > SWEEP_ABOVE) {
      for (const [k, e] of this.entries) if (e.expires <= this.now()) this.entries.delete(k);
    }
  }

  delete(key: string): void {
    this.entries.delete(key);
  }
}
