// Prometheus metrics: deliveries by outcome, attempt latency, and queue depth read from the
// outbox (the database is the truth, whichever process did the work). Counting the outbox is the
// one costly part, so it is a snapshot taken at most once per CONDUIT_METRICS_CACHE_SECONDS
// (default 15), shared by every scrape meanwhile — parallel scrapes wait on the same count.
import { setImmediate as turn } from "node:timers/promises";
import client from "prom-client";
import prisma from "../db.server";
import { paced } from "../db/paced";
import { query } from "../db/run.server";
import { param } from "../db/sql.server";
import { envNumber } from "../env";

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

/**
 * One connection's rows by status: a range of one of its (connectionId, status, …) indexes, read
 * in status order. One statement over the whole outbox grouped by vendor and status read every row
 * and sorted them: 630 ms beside 1.2 million rows (a month of a busy store's four vendors) on
 * SQLite, every scrape, on the event loop that answers webhooks. Per connection: 20–35 ms each for
 * that store's 300 000, with webhooks taken between them.
 */
export const CONNECTION_ROWS = `SELECT "status", COUNT(*) AS "n" FROM "Delivery" WHERE "connectionId" = ${param(1)} GROUP BY "status"`;

type Groups = Map<string, Map<string, number>>;

async function countOutbox(): Promise<Groups> {
  snapshots.inc();
  // Every connection, enabled or not: a disabled one's rows are still in the outbox.
  const connections = await prisma.vendorConnection.findMany({ select: { id: true, vendor: true } });
  const groups: Groups = new Map();
  for (const { id, vendor } of connections) {
    // SQLite's statements settle without leaving the event loop: let waiting webhooks in between.
    await turn();
    const byStatus = groups.get(vendor) ?? new Map<string, number>();
    groups.set(vendor, byStatus);
    for (const { status, n } of await query(CONNECTION_ROWS, [id])) byStatus.set(String(status), (byStatus.get(String(status)) ?? 0) + Number(n));
  }
  return groups;
}

// Counted again after CONDUIT_METRICS_CACHE_SECONDS, or, when counting took long (a large outbox),
// after nine times as long as it took: at most a tenth of the process's time however often scraped.
const counted = paced<Groups>({ atLeastMs: envNumber("CONDUIT_METRICS_CACHE_SECONDS", 15) * 1000 });

new client.Gauge({
  name: "conduit_outbox_rows",
  help: "Outbox rows by vendor and status (a snapshot: taken at most every CONDUIT_METRICS_CACHE_SECONDS, less often when counting is slow)",
  labelNames: ["vendor", "status"],
  registers: [registry],
  async collect() {
    const groups = await counted("outbox", countOutbox);
    this.reset();
    for (const [vendor, byStatus] of groups) for (const [status, n] of byStatus) this.set({ vendor, status }, n);
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
