// Prometheus metrics: deliveries by outcome, attempt latency, and queue depth read from the
// outbox (the database is the truth, whichever process did the work). Counting the outbox is the
// one costly part, so it is a snapshot taken at most once per CONDUIT_METRICS_CACHE_SECONDS
// (default 15), shared by every scrape meanwhile — parallel scrapes wait on the same count.
import client from "prom-client";
import prisma from "../db.server";

export const registry = new client.Registry();
client.collectDefaultMetrics({ register: registry, prefix: "conduit_" });

const outcomes = new client.Counter({
  name: "conduit_deliveries_total",
  help: "Outbox rows settled by this process, by vendor and outcome",
  labelNames: ["vendor", "outcome"],
  registers: [registry],
});

const latency = new client.Histogram({
  name: "conduit_vendor_call_seconds",
  help: "Duration of vendor calls, by vendor and result",
  labelNames: ["vendor", "result"],
  buckets: [0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10, 30],
  registers: [registry],
});

const snapshots = new client.Counter({
  name: "conduit_outbox_snapshots_total",
  help: "Times this process counted the outbox for conduit_outbox_rows",
  registers: [registry],
});

type Groups = { vendor: string; status: string; _count: { _all: number } }[];
let snapshot: { at: number; groups: Promise<Groups> } | undefined;
const cacheMs = () => Number(process.env.CONDUIT_METRICS_CACHE_SECONDS ?? 15) * 1000;

function outboxGroups(): Promise<Groups> {
  if (snapshot && Date.now() - snapshot.at < cacheMs()) return snapshot.groups;
  snapshots.inc();
  const groups = prisma.delivery.groupBy({ by: ["vendor", "status"], _count: { _all: true } }) as unknown as Promise<Groups>;
  const taken = { at: Date.now(), groups };
  snapshot = taken;
  // A failed count is not cached: the next scrape tries again.
  groups.catch(() => {
    if (snapshot === taken) snapshot = undefined;
  });
  return groups;
}

new client.Gauge({
  name: "conduit_outbox_rows",
  help: `Outbox rows by vendor and status (a snapshot at most CONDUIT_METRICS_CACHE_SECONDS old)`,
  labelNames: ["vendor", "status"],
  registers: [registry],
  async collect() {
    const groups = await outboxGroups();
    this.reset();
    for (const g of groups) this.set({ vendor: g.vendor, status: g.status }, g._count._all);
  },
});

export const metrics = {
  outcome: (vendor: string, outcome: string) => outcomes.inc({ vendor, outcome }),
  attempt: (vendor: string, result: "ok" | "failed", ms: number) => latency.observe({ vendor, result }, ms / 1000),
};

/**
 * The /metrics answer, wherever it is served: METRICS_TOKEN, when set, must come as a Bearer token.
 * On the app's public port in production it is required: metrics name vendors, shops' volumes
 * and failures, which are nobody's business. A worker's METRICS_PORT is private by network.
 */
export async function scrape(authorization: string | null, opts: { publicPort?: boolean } = {}): Promise<{ status: number; type: string; body: string }> {
  const token = process.env.METRICS_TOKEN;
  if (!token && opts.publicPort && process.env.NODE_ENV === "production") {
    return { status: 403, type: "text/plain", body: "metrics are private in production: set METRICS_TOKEN and scrape with Authorization: Bearer <token>" };
  }
  if (token && authorization !== `Bearer ${token}`) return { status: 401, type: "text/plain", body: "unauthorized" };
  return { status: 200, type: registry.contentType, body: await registry.metrics() };
}
