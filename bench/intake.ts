// Intake rows of `npm run bench` (issue 11): how many signed webhooks Conduit stores per second
// on SQLite and on PostgreSQL, beside a bare node:http server that only checks the HMAC, measured
// in the same run; p99 at a fixed offered rate (open loop); rows counted afterwards, a 200 without
// its row is a failure; the server's peak RSS. Load comes from bench/intake-load.mjs in its own process.
import { spawn } from "node:child_process";
import { once } from "node:events";
import { childEnv, startConduit, testEnv, TEST_API_SECRET, type Conduit } from "../test/support/conduit";
import { createTestDatabase, providers, type Provider } from "../test/support/database";
import { seedConnection, SIM_SETTINGS } from "../test/support/seed";
import { rssMb } from "./measure";
import type { Check } from "./report";

const num = (name: string, fallback: number) => Number(process.env[name] ?? fallback) || fallback;
const SECONDS = num("BENCH_INTAKE_SECONDS", 5);
const CONNECTIONS = num("BENCH_INTAKE_CONNECTIONS", 20);
const RATE = num("BENCH_INTAKE_RATE", 1_000);
const SHOP = "bench-intake.myshopify.com";
const BODY = "test/fixtures/shopify/orders-create.json";

interface Load {
  requests: number;
  seconds: number;
  byStatus: Record<string, number>;
  errors: number;
  ok: number;
  p50: number;
  p99: number;
}

async function load(url: string, prefix: string, opts: { rate?: number; connections?: number } = {}): Promise<Load> {
  const args = { url, prefix, topic: "orders/create", shop: SHOP, secret: TEST_API_SECRET, bodyFile: BODY, seconds: SECONDS, connections: opts.connections ?? CONNECTIONS, rate: opts.rate };
  const child = spawn(process.execPath, ["bench/intake-load.mjs", JSON.stringify(args)], { stdio: ["ignore", "pipe", "inherit"] });
  let out = "";
  child.stdout.on("data", (d) => (out += d));
  await once(child, "exit");
  return JSON.parse(out.trim().split("\n").pop()!);
}

/** The ceiling: the same load against a server that does nothing but check the HMAC. */
async function bare(): Promise<number> {
  const child = spawn(process.execPath, ["bench/bare-hmac-server.mjs"], { env: childEnv({ SHOPIFY_API_SECRET: TEST_API_SECRET }), stdio: ["ignore", "pipe", "inherit"] });
  try {
    const [line] = (await once(child.stdout, "data")) as [Buffer];
    const run = await load(`http://127.0.0.1:${/listening (\d+)/.exec(String(line))![1]}`, "bare");
    return run.ok / run.seconds;
  } finally {
    child.kill("SIGKILL");
  }
}

export interface IntakeRun {
  provider: Provider;
  storedPerSecond: number;
  closed: Load;
  open: Load;
  shortfall: number;
  rssMb: number;
}

async function conduitRun(provider: Provider): Promise<IntakeRun> {
  const database = await createTestDatabase(provider);
  let conduit: Conduit | undefined;
  let peak = 0;
  const sampler = setInterval(() => conduit && (peak = Math.max(peak, rssMb(conduit.pid) ?? 0)), 100);
  try {
    // Worker off: this measures what intake stores, as issue 11's table did.
    conduit = await startConduit(testEnv(database.url, { CONDUIT_WORKER: "off", LOG_LEVEL: "warn" }));
    await seedConnection(database.db, conduit.env, "metrilo", ...SIM_SETTINGS.metrilo, SHOP);
    const closed = await load(conduit.url, `closed-${provider}`);
    const open = await load(conduit.url, `open-${provider}`, { rate: RATE, connections: Math.max(CONNECTIONS, 100) });
    const rows = await database.db.webhookEvent.count();
    return { provider, storedPerSecond: closed.ok / closed.seconds, closed, open, shortfall: Math.max(0, closed.ok + open.ok - rows), rssMb: peak };
  } finally {
    clearInterval(sampler);
    await conduit?.stop();
    await database.drop();
  }
}

export async function intake(): Promise<{ bareRate: number; runs: IntakeRun[] }> {
  const bareRate = await bare();
  const runs: IntakeRun[] = [];
  for (const provider of providers()) runs.push(await conduitRun(provider));
  return { bareRate, runs };
}

export function intakeChecks({ bareRate, runs }: Awaited<ReturnType<typeof intake>>): Check[] {
  const list: Check[] = [{ figure: "intake ceiling: bare node:http HMAC server", value: bareRate, unit: "/s", kind: "min", limit: 0, why: `${CONNECTIONS} connections, same 10 KB body, same run` }];
  for (const r of runs) {
    const p = r.provider === "sqlite" ? "SQLite" : "PostgreSQL";
    list.push(
      { figure: `intake ${p}: webhooks stored/s`, value: r.storedPerSecond, unit: "/s", kind: "min", limit: bareRate / 4, why: `a quarter of the bare server's ${bareRate.toFixed(0)}/s (${((100 * r.storedPerSecond) / bareRate).toFixed(0)} % now)` },
      { figure: `intake ${p}: webhooks stored/s, absolute`, value: r.storedPerSecond, unit: "/s", kind: "min", limit: 2_000, why: "issue 11: a large store's flash sale with headroom" },
      { figure: `intake ${p}: p99 at ${RATE}/s offered`, value: r.open.p99, unit: "ms", kind: "max", limit: 50, why: `open loop; Shopify waits 5 s (p50 ${r.open.p50} ms)` },
      { figure: `intake ${p}: answers not 200`, value: r.closed.requests - r.closed.ok + r.open.requests - r.open.ok + r.closed.errors + r.open.errors, unit: "", kind: "max", limit: 0, why: "each is a Shopify retry" },
      { figure: `intake ${p}: 200s without a stored row`, value: r.shortfall, unit: "", kind: "max", limit: 0, why: "every 200 is a committed row: 200s minus rows counted afterwards (requests cut at the end may only add rows)" },
      { figure: `intake ${p}: server RSS peak`, value: r.rssMb, unit: "MB", kind: "max", limit: 300, why: "issue 11's memory goal" },
    );
  }
  return list;
}
