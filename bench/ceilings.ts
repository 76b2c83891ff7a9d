// The ceilings (and floors) the benchmark holds Conduit to, and why each is where it is.
import type { backlog, live } from "./phases";
import type { Check } from "./report";

export interface Measured {
  live: Awaited<ReturnType<typeof live>>;
  backlog: Awaited<ReturnType<typeof backlog>>;
  serverRssMb: number;
  workerRssMb?: number;
}

const RSS = { unit: "MB", kind: "max", limit: 768, why: "fits a 1 GB container with headroom" } as const;

export function checks(m: Measured): Check[] {
  const { live: l, backlog: b } = m;
  const list: Check[] = [
    { figure: "intake latency p50", value: l.p50, unit: "ms", kind: "max", limit: 250, why: "a quarter of a second while the worker shares the store" },
    { figure: "intake latency p95", value: l.p95, unit: "ms", kind: "max", limit: 500, why: "Shopify waits 5 s in all: 10x headroom" },
    { figure: "intake latency p99", value: l.p99, unit: "ms", kind: "max", limit: 1_000, why: "Shopify waits 5 s in all: 5x headroom" },
    { figure: "webhooks answered non-200", value: l.refused, unit: "", kind: "max", limit: 0, why: "each is a Shopify retry; repeated failures drop the subscription" },
    { figure: "webhooks stored per second", value: l.storedPerSecond, unit: "/s", kind: "min", limit: 40, why: "a large shop's flash sale: ~10 orders/s, ~4 webhooks each" },
    { figure: "live: drain lag after last webhook", value: l.lagSeconds, unit: "s", kind: "max", limit: 10, why: "the worker keeps up with intake" },
    { figure: "live: rows not delivered", value: l.notDelivered, unit: "", kind: "max", limit: 0, why: "healthy vendors: everything arrives" },
    { figure: "backlog: drain time", value: b.drainSeconds, unit: "s", kind: "max", limit: 60, why: "a paused shop's backlog is gone within a minute" },
    { figure: "server RSS peak", value: m.serverRssMb, ...RSS },
  ];
  if (m.workerRssMb !== undefined) list.push({ figure: "worker RSS peak", value: m.workerRssMb, ...RSS });
  for (const v of b.perVendor) {
    if (v.pace) {
      // Paced vendors: at least half the pace the vendor allows, and never a 429 for going faster.
      const floor = Math.min(v.pace, v.delivered) / 2;
      list.push({ figure: `backlog: ${v.vendor} deliveries/s`, value: v.perSecond, unit: "/s", kind: "min", limit: floor, why: `half its pace (${v.pace}/s) or of its slice` });
      list.push({ figure: `${v.vendor} 429 answers`, value: v.tooMany, unit: "", kind: "max", limit: 0, why: "pacing stays under the vendor's limit" });
    } else {
      list.push({ figure: `backlog: ${v.vendor} deliveries/s`, value: v.perSecond, unit: "/s", kind: "min", limit: 50, why: "unpaced: the engine is the limit" });
    }
  }
  return list;
}
