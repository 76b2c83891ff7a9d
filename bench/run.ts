// `npm run bench`: bounded bursts of signed webhooks into the real server on loopback, against the
// vendor simulators, measured end to end, each figure printed beside its ceiling; exits 1 when one
// is broken. Runs the current build (npm run build first). Embedded default: SQLite and the
// in-process worker. DATABASE_URL=postgres://… benchmarks PostgreSQL instead, and with REDIS_URL
// and BENCH_WORKERS=N the web process only stores while N worker.js processes deliver.
import { providers } from "../test/support/database";
import { queueEnv } from "../test/support/queue";
import { startRig } from "../test/support/rig";
import { checks } from "./ceilings";
import { embedChecks } from "./embed";
import { intake, intakeChecks } from "./intake";
import { deliveryBench } from "./delivery";
import { collectChecks } from "./collect";
import { rssMb } from "./measure";
import { retentionChecks } from "./retention";
import { backlog, live } from "./phases";
import { passes, table } from "./report";
import { captureLog, recordResults } from "./results-file";
import { metriloShop, PACED_SHOP, PACED_VENDORS, workload } from "./workload";

// `npm run bench -- import`: the historical import's own run (bench/import.ts), too long for the default.
if (process.argv.includes("import")) process.exit(await (await import("./import")).runImportBench());
// `npm run bench -- intake`: only the intake rows (bench/intake.ts), for profiling its changes.
if (process.argv.includes("intake")) {
  const rows = intakeChecks(await intake());
  console.log(`\n${table(rows)}\n`);
  process.exit(rows.every(passes) ? 0 : 1);
}
// `npm run bench -- retention`: the retention rows alone (bench/retention.ts).
if (process.argv.includes("retention")) {
  const rows = await (await import("./retention")).retentionChecks({});
  console.log(`\n${table(rows)}\n`);
  process.exit(rows.every(passes) ? 0 : 1);
}
// `npm run bench -- collect`: the collect endpoint's figures alone, on a rig of their own (bench/collect.ts).
if (process.argv.includes("collect")) process.exit(await (await import("./collect")).runCollectBench());

// The full run's output goes to bench/results.md as well (bench/results-file.ts).
const output = captureLog();
const int = (name: string, fallback: number, max: number) => Math.min(max, Math.max(1, Math.floor(Number(process.env[name] ?? fallback)) || fallback));
const TOTAL = int("BENCH_WEBHOOKS", 2_000, 20_000);
const SENDERS = int("BENCH_SENDERS", 8, 256);
const SHOPS = int("BENCH_SHOPS", 20, 500);
const WORKERS = Math.min(16, Number(process.env.BENCH_WORKERS ?? 0) || 0);

const provider = providers().includes("postgresql") ? "postgresql" : "sqlite";
const mode = WORKERS > 0 && process.env.REDIS_URL && provider === "postgresql" ? "bullmq" : "embedded";
const concurrency = process.env.CONDUIT_WORKER_CONCURRENCY ?? "4";
console.log(
  `conduit bench: ${TOTAL} webhooks (half live, half as a backlog), ${SENDERS} concurrent senders, ${SHOPS} Metrilo shops + 1 paced shop; ` +
    `${provider}, ${mode === "bullmq" ? `BullMQ with ${WORKERS} worker.js` : "embedded worker"}, worker concurrency ${concurrency}`,
);

// Intake first, on its own databases and servers, before the delivery rig loads the machine.
const intakeRun = await intake();
// Retention on a month of history, beside intake at a fixed rate (bench/retention.ts).
const retention = await retentionChecks(Object.fromEntries(intakeRun.runs.map((r) => [r.provider, r.storedPerSecond])));

const rig = await startRig(provider, {
  ...queueEnv(mode),
  ...(mode === "bullmq" ? { CONDUIT_WORKER: "off" } : {}),
  // Production defaults, not the drills' short ones.
  CONDUIT_POLL_MS: "500",
  CONDUIT_LEASE_MS: "60000",
  CONDUIT_WORKER_CONCURRENCY: concurrency,
  LOG_LEVEL: "warn",
});
let code = 1;
try {
  const workers = await Promise.all(Array.from({ length: mode === "bullmq" ? WORKERS : 0 }, () => rig.startWorker()));
  for (let i = 0; i < SHOPS; i++) await rig.connect("metrilo", metriloShop(i));
  for (const vendor of PACED_VENDORS) await rig.connect(vendor, PACED_SHOP);

  // Peak memory from /proc: production /metrics is private (METRICS_TOKEN), and /proc needs no token.
  let serverRssMb = 0;
  let workerRssMb = 0;
  const sampler = setInterval(async () => {
    serverRssMb = Math.max(serverRssMb, rssMb(rig.conduit.pid) ?? 0);
    for (const w of workers) workerRssMb = Math.max(workerRssMb, rssMb(w.child.pid!) ?? 0);
  }, 250);

  const half = Math.floor(TOTAL / 2);
  const liveRun = await live(rig, workload(half, SHOPS, 1), SENDERS);
  const backlogRun = await backlog(rig, workload(TOTAL - half, SHOPS, 100_000), SENDERS, SHOPS);
  clearInterval(sampler);

  const pixel = await collectChecks(rig, { shops: 10, requests: int("BENCH_COLLECT_REQUESTS", 1_000, 20_000), senders: SENDERS });
  const results = [...intakeChecks(intakeRun), ...retention, ...checks({ live: liveRun, backlog: backlogRun, serverRssMb, workerRssMb: mode === "bullmq" ? workerRssMb : undefined }), ...pixel];
  results.push(...embedChecks());
  console.log(`\n${table(results)}\n`);
  console.log(`live: end-to-end drain ${liveRun.drainSeconds.toFixed(1)} s; backlog: ${backlogRun.perVendor.map((v) => `${v.vendor} ${v.delivered}`).join(", ")} delivered`);
  const broken = results.filter((c) => !passes(c));
  console.log(broken.length ? `BROKEN: ${broken.map((c) => c.figure).join(", ")}` : "every figure within its ceiling");
  code = broken.length ? 1 : 0;
} finally {
  await rig.close();
}
// Delivery speed per worker and across BullMQ workers, in its own worlds (bench/delivery.ts).
if (!(await deliveryBench())) code = 1;
recordResults("default", output);
process.exit(code);
