// The two phases of the benchmark. Live: webhooks arrive while the worker delivers, as in
// production — intake latency, storage rate, how long until the outbox is empty again. Backlog:
// rows stored while the connections are paused, then released at once — how fast a worker
// delivers when it has work queued, per vendor, against the pace each vendor allows.
import type { Rig } from "../test/support/rig";
import { sendWebhook } from "../test/support/webhooks";
import { findVendor } from "../app/vendors";
import { percentile, timedPool, until } from "./measure";
import { PACED_VENDORS, type Send } from "./workload";

const TIMEOUT_MS = 180_000;
const OPEN = { status: { in: ["pending", "retrying", "in_flight"] } };

async function push(rig: Rig, sends: Send[], senders: number) {
  let refused = 0;
  const started = Date.now();
  const latencies = await timedPool(sends, senders, async ({ shop, hook }) => {
    const res = await sendWebhook(rig.conduit.url, hook.topic, hook.payload, { shop });
    if (res.status !== 200) refused++;
  });
  return { refused, ms: Date.now() - started, latencies: latencies.sort((a, b) => a - b) };
}

const drained = (rig: Rig) => until(async () => (await rig.db.delivery.count({ where: OPEN })) === 0, TIMEOUT_MS);

export async function live(rig: Rig, sends: Send[], senders: number) {
  const t0 = Date.now();
  const intake = await push(rig, sends, senders);
  const done = await drained(rig);
  const drainMs = Date.now() - t0;
  const notDelivered = await rig.db.delivery.count({ where: { status: { notIn: ["delivered", "skipped"] } } });
  return {
    p50: percentile(intake.latencies, 50),
    p95: percentile(intake.latencies, 95),
    p99: percentile(intake.latencies, 99),
    refused: intake.refused,
    storedPerSecond: (sends.length - intake.refused) / (intake.ms / 1000),
    drainSeconds: done ? drainMs / 1000 : Infinity,
    lagSeconds: done ? (drainMs - intake.ms) / 1000 : Infinity,
    notDelivered,
  };
}

export async function backlog(rig: Rig, sends: Send[], senders: number, metriloConnections: number) {
  const ids = (await rig.db.vendorConnection.findMany({ select: { id: true } })).map((c) => c.id);
  await rig.batch(ids, async () => void (await push(rig, sends, senders)));
  const released = Date.now();
  const done = await drained(rig);
  const seconds = (Date.now() - released) / 1000;
  const rows = await rig.db.delivery.groupBy({
    by: ["vendor"],
    where: { status: "delivered", deliveredAt: { gte: new Date(released) } },
    _count: { _all: true },
    _max: { deliveredAt: true },
  });
  const perVendor = (["metrilo", ...PACED_VENDORS] as const).map((vendor) => {
    const row = rows.find((r) => r.vendor === vendor);
    const delivered = row?._count._all ?? 0;
    // While the vendor was being called: from its first request to its last delivery.
    const requests = rig.sims.servers[vendor].requests;
    const first = requests.find((r) => r.at >= released)?.at ?? released;
    const took = ((row?._max.deliveredAt?.getTime() ?? first) - first) / 1000;
    const limits = findVendor(vendor)!.limits;
    const connections = vendor === "metrilo" ? metriloConnections : 1;
    return {
      vendor,
      delivered,
      perSecond: delivered / Math.max(took, 0.001),
      pace: limits.callsPerSecond ? connections * limits.callsPerSecond * limits.maxRecordsPerCall : undefined,
      tooMany: requests.filter((r) => r.status === 429).length,
    };
  });
  return { drainSeconds: done ? seconds : Infinity, perVendor };
}
