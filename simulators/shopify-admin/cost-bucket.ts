// Shopify's GraphQL rate limit: a leaky bucket of cost points per app and shop.
export interface ThrottleStatus {
  maximumAvailable: number;
  currentlyAvailable: number;
  restoreRate: number;
}

// A standard plan's bucket (Plus doubles it).
const STANDARD: ThrottleStatus = { maximumAvailable: 1000, currentlyAvailable: 1000, restoreRate: 50 };

export function costBucket(now: () => number = Date.now) {
  let status = { ...STANDARD };
  let at = now();
  const refill = () => {
    const t = now();
    status.currentlyAvailable = Math.min(status.maximumAvailable, status.currentlyAvailable + ((t - at) / 1000) * status.restoreRate);
    at = t;
  };
  return {
    /** A query runs only when its estimate fits; otherwise Shopify answers THROTTLED. */
    fits(requested: number): boolean {
      refill();
      return status.currentlyAvailable >= requested;
    },
    charge(points: number) {
      status.currentlyAvailable -= points;
    },
    status(): ThrottleStatus {
      refill();
      return { ...status, currentlyAvailable: Math.floor(status.currentlyAvailable) };
    },
    /** E.g. `{ currentlyAvailable: 0, restoreRate: 0 }` throttles every query until the next set/reset. */
    set(change: Partial<ThrottleStatus>) {
      refill();
      status = { ...status, ...change };
    },
    reset() {
      status = { ...STANDARD };
      at = now();
    },
  };
}
