// The delivery bench's world: a fresh database with a backlog of outbox rows already stored (as
// intake would have stored them), vendor simulators, and worker.js processes that drain it. Intake
// is left out on purpose: this measures the worker, not the web process.
import { randomUUID } from "node:crypto";
import { startSimulator, type LoggedRequest, type Simulator, type SimulatorDefinition } from "../simulators/base";
import { createMetriloSimulator } from "../simulators/metrilo";
import { createTracifySimulator } from "../simulators/tracify";
import { SIM_CREDENTIALS } from "../simulators";
import { testEnv } from "../test/support/conduit";
import { createTestDatabase, type Provider, type TestDatabase } from "../test/support/database";
import { customer, order } from "../test/support/entities";
import { startWorker, type Proc } from "../test/support/processes";
import { seedConnection } from "../test/support/seed";
import { cpus } from "node:os";
import { cpuMs, machineCpuMs, rssMb } from "./measure";

export type BenchVendor = "metrilo" | "tracify";
export const tracifyKey = (shop: number) => `bench-tracify-key-${shop}`;
const shopDomain = (vendor: string, i: number) => `bench-${vendor}-${i}.myshopify.com`;

export function simulatorFor(vendor: BenchVendor, shops: number, limited = true): SimulatorDefinition {
  const { metrilo, tracify } = SIM_CREDENTIALS;
  return vendor === "metrilo"
    ? createMetriloSimulator({ token: metrilo.apiToken, secret: metrilo.apiSecret })
    : createTracifySimulator({
        apiKey: Array.from({ length: shops }, (_, i) => tracifyKey(i)),
        customerSiteIds: [tracify.customerSiteId],
        callsPerSecond: limited ? undefined : 0,
      });
}

/**
 * Seeds `perShop` rows for each of connections `first` … `first + shops - 1`: Metrilo customers,
 * Tracify purchases. Returns the connections' ids. `notBefore`: the rows are not due until then.
 */
async function seed(database: TestDatabase, env: Record<string, string>, vendor: BenchVendor, first: number, shops: number, perShop: number, notBefore?: Date): Promise<string[]> {
  const { db } = database;
  const ids: string[] = [];
  for (let s = first; s < first + shops; s++) {
    const secret: Record<string, string> = vendor === "metrilo" ? { apiSecret: SIM_CREDENTIALS.metrilo.apiSecret } : { apiKey: tracifyKey(s) };
    const open: Record<string, string> = vendor === "metrilo" ? { apiToken: SIM_CREDENTIALS.metrilo.apiToken } : { customerSiteId: SIM_CREDENTIALS.tracify.customerSiteId };
    const conn = await seedConnection(db, env, vendor, secret, open, shopDomain(vendor, s));
    ids.push(conn.id);
    for (let from = 0; from < perShop; from += 500) {
      const events = [];
      const rows = [];
      for (let k = from; k < Math.min(perShop, from + 500); k++) {
        const n = s * 1_000_000 + k + 1;
        const hook = vendor === "metrilo" ? customer(n) : order(n);
        const id = randomUUID();
        events.push({ id, shopId: conn.shopId, webhookId: `bench-${id}`, topic: hook.topic, entityId: String(hook.payload.id), payload: JSON.stringify(hook.payload) });
        rows.push({
          shopId: conn.shopId, connectionId: conn.id, vendor, eventId: id, topic: hook.topic,
          kind: vendor === "metrilo" ? "customer" : "order", entityId: String(hook.payload.id), entityUpdatedAt: new Date(hook.payload.updated_at),
          ...(notBefore ? { nextAttemptAt: notBefore } : {}),
        });
      }
      await db.webhookEvent.createMany({ data: events });
      await db.delivery.createMany({ data: rows });
    }
  }
  return ids;
}

export interface DrainRun {
  records: number;
  perSecond: number;
  peakRssMb: number;
  /** Cores' worth of CPU the worker processes used while they drained (1 = one core all the time). */
  workerCores: number;
  /** Cores' worth left idle on the machine meanwhile: what more workers could have had at most. */
  idleCores: number;
  requests: LoggedRequest[];
  undelivered: number;
}

/**
 * Seeds the backlog, starts `workers` worker.js processes, lets them drain a warm-up backlog of
 * shops of their own (uncounted: a worker's first thousands of records are its JIT compiling, and
 * with four fresh workers on a short backlog that was most of what the run measured), then makes
 * the measured backlog due at once and times them until every row of it is delivered.
 */
export async function drainRun(opts: { provider: Provider; vendor: BenchVendor; shops: number; perShop: number; workers: number; extraEnv?: Record<string, string>; timeoutMs: number }): Promise<DrainRun> {
  const database = await createTestDatabase(opts.provider);
  const sim: Simulator = await startSimulator(simulatorFor(opts.vendor, 2 * opts.shops));
  const procs: Proc[] = [];
  try {
    const env = testEnv(database.url, {
      METRILO_API_URL: sim.url,
      TRACIFY_API_URL: sim.url,
      CONDUIT_POLL_MS: "500",
      CONDUIT_LEASE_MS: "60000",
      CONDUIT_RETRY_BASE_MS: "5000",
      CONDUIT_WORKER_CONCURRENCY: "4",
      LOG_LEVEL: "warn",
      ...opts.extraEnv,
    });
    const measured = await seed(database, env, opts.vendor, 0, opts.shops, opts.perShop, new Date(Date.now() + 86_400_000));
    const warmup = Math.ceil(opts.perShop / 4);
    await seed(database, env, opts.vendor, opts.shops, opts.shops, warmup);
    const total = opts.shops * opts.perShop;
    procs.push(...(await Promise.all(Array.from({ length: opts.workers }, () => startWorker(env)))));
    let peakRssMb = 0;
    const sampler = setInterval(() => procs.forEach((p) => (peakRssMb = Math.max(peakRssMb, rssMb(p.child.pid!) ?? 0))), 100);
    const deadline = Date.now() + opts.timeoutMs;
    // Delivered rows of the measured backlog, or (false) of the warm-up's.
    const deliveredOf = (isMeasured: boolean) => database.db.delivery.count({ where: { status: "delivered", connectionId: isMeasured ? { in: measured } : { notIn: measured } } });
    while (Date.now() < deadline && (await deliveredOf(false)) < opts.shops * warmup) await new Promise((r) => setTimeout(r, 100));
    const warmRequests = sim.requests.length;
    // The whole measured backlog due at once, as a paused shop's is when it is released; counted
    // from the first call it makes, like the rate (not the workers' wait for their next sweep).
    await database.db.delivery.updateMany({ where: { connectionId: { in: measured } }, data: { nextAttemptAt: new Date() } });
    while (Date.now() < deadline && sim.requests.length === warmRequests) await new Promise((r) => setTimeout(r, 5));
    const machineBefore = machineCpuMs();
    const workersBefore = procs.map((p) => cpuMs(p.child.pid!) ?? NaN);
    let delivered = 0;
    while (Date.now() < deadline) {
      delivered = await deliveredOf(true);
      if (delivered >= total) break;
      await new Promise((r) => setTimeout(r, 200));
    }
    clearInterval(sampler);
    // Over the measured drain: both sides of the ratio are counted over the same span.
    const machineAfter = machineCpuMs();
    const workerMs = procs.reduce((sum, p, i) => sum + (cpuMs(p.child.pid!) ?? NaN) - workersBefore[i], 0);
    const spanMs = machineBefore && machineAfter ? (machineAfter.total - machineBefore.total) / cpus().length : NaN;
    const idleCores = machineBefore && machineAfter ? (machineAfter.total - machineAfter.busy - (machineBefore.total - machineBefore.busy)) / spanMs : NaN;
    if (delivered < total || process.env.BENCH_DEBUG) console.error(`${opts.vendor} on ${opts.provider}: ${total - delivered} rows not delivered; worker said:\n${procs.map((p) => (process.env.BENCH_DEBUG ? p.output() : p.output().slice(-3000))).join("\n")}`);
    const last = await database.db.delivery.aggregate({ where: { connectionId: { in: measured } }, _max: { deliveredAt: true } });
    // From the vendor's first request for the measured backlog to its last row settled.
    const requests = sim.requests.slice(warmRequests);
    const first = requests[0]?.at ?? Date.now();
    const seconds = Math.max(0.001, ((last._max.deliveredAt?.getTime() ?? Date.now()) - first) / 1000);
    return { records: delivered, perSecond: delivered / seconds, peakRssMb, workerCores: workerMs / spanMs, idleCores, requests, undelivered: total - delivered };
  } finally {
    await Promise.all(procs.map((p) => p.stop("SIGTERM")));
    await sim.close();
    await database.drop();
  }
}

/**
 * The simulator's own ceiling: the bodies Conduit sent, fed straight back (`lanes` at a time, as a
 * worker's lanes would) to a fresh simulator with its rate limit off — what it absorbs per second.
 */
export async function directFeed(vendor: BenchVendor, shops: number, requests: LoggedRequest[], lanes = 4): Promise<number> {
  const sim = await startSimulator(simulatorFor(vendor, shops, false));
  const accepted = requests.filter((r) => r.status === 200);
  const count = (r: LoggedRequest) => {
    const body = JSON.parse(r.body) as { batch?: unknown[]; events?: unknown[] };
    return body.batch?.length ?? body.events?.length ?? 1;
  };
  const records = accepted.reduce((sum, r) => sum + count(r), 0);
  let next = 0;
  let refused = 0;
  const started = performance.now();
  await Promise.all(
    Array.from({ length: lanes }, async () => {
      while (next < accepted.length) {
        const r = accepted[next++];
        const headers = Object.fromEntries(Object.entries(r.headers).filter(([k]) => ["content-type", "x-digest", "tracify-token"].includes(k))) as Record<string, string>;
        const res = await fetch(`${sim.url}${r.path}`, { method: r.method, headers, body: r.body });
        await res.arrayBuffer();
        if (res.status !== 200) refused++;
      }
    }),
  );
  const seconds = (performance.now() - started) / 1000;
  await sim.close();
  if (refused) throw new Error(`the ${vendor} simulator refused ${refused} of the bodies Conduit had sent it`);
  return records / seconds;
}
