// Prometheus metrics: deliveries by outcome, attempt latency, and queue depth read from the
// outbox at scrape time (the database is the truth, whichever process did the work).
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

new client.Gauge({
  name: "conduit_outbox_rows",
  help: "Outbox rows by vendor and status",
  labelNames: ["vendor", "status"],
  registers: [registry],
  async collect() {
    this.reset();
    const groups = await prisma.delivery.groupBy({ by: ["vendor", "status"], _count: { _all: true } });
    for (const g of groups) this.set({ vendor: g.vendor, status: g.status }, g._count._all);
  },
});

export const metrics = {
  outcome: (vendor: string, outcome: string) => outcomes.inc({ vendor, outcome }),
  attempt: (vendor: string, result: "ok" | "failed", ms: number) => latency.observe({ vendor, result }, ms / 1000),
};

/** The /metrics answer, wherever it is served: METRICS_TOKEN, when set, must come as a Bearer token. */
export async function scrape(authorization: string | null): Promise<{ status: number; type: string; body: string }> {
  const token = process.env.METRICS_TOKEN;
  if (token && authorization !== `Bearer ${token}`) return { status: 401, type: "text/plain", body: "unauthorized" };
  return { status: 200, type: registry.contentType, body: await registry.metrics() };
}
