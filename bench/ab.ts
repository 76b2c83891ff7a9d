// `npx tsx bench/ab.ts`: compares intake variants on a machine whose speed drifts. A shared VM's
// speed moves by up to 2× between runs minutes apart, so two `npm run bench -- intake` runs cannot
// tell a 10 % change from noise. Here every variant's server is up at once and the load alternates
// between them in short slices (reversed every other round), so each sees the same drift.
//
//   npx tsx bench/ab.ts [--provider sqlite|postgresql] [--rounds 6] [--seconds 2] [--rate N] VARIANT VARIANT…
//   VARIANT: a checkout with a build (`npm run build` there), optionally with server settings:
//            /tmp/before   .   .:CONDUIT_INTAKE_GATHER_MS=0   .:NODE_ARGS=--max-old-space-size=512
//            .:DATABASE_URL_QUERY=host=/var/run/postgresql   (appended to the server's DATABASE_URL:
//            here, PostgreSQL over its Unix socket rather than TCP)
//            .:SQLITE_PAGE_SIZE=4096   (the variant's database file is made with it too)
//            .:HISTORY=1000000   (that many webhooks stored before its server starts: bench/history.ts)
//            '.:XSQL=DROP INDEX "a";DROP INDEX "b"'   (run on the variant's database before its
//            server starts: every variant's database has this checkout's migrations, so a schema
//            change is compared by undoing it in one of them)
//
// Prints, per variant: webhooks stored/s, the server's CPU per webhook, PostgreSQL's own, the whole
// machine's (every process, the idle variant's included), peak RSS;
// with --rate, the load is open loop at that rate and each slice's p99 is printed too.
// The usual "before" is a worktree of the commit to compare against, sharing this checkout's modules:
//   git worktree add /tmp/before HEAD~1 && ln -s "$PWD/node_modules" /tmp/before/ && (cd /tmp/before && npm run build)
import { parseArgs } from "node:util";
import { resolve } from "node:path";
import { freePort, npmScriptNodeArgs, startProcess, testEnv } from "../test/support/conduit";
import { createTestDatabase, type Provider } from "../test/support/database";
import { seedConnection, SIM_SETTINGS } from "../test/support/seed";
import { seedHistory } from "./history";
import { load, SHOP } from "./intake";
import { cpuMs, machineCpuMs, postgresCpuMs, rssMb } from "./measure";

const { values, positionals } = parseArgs({
  allowPositionals: true,
  options: { provider: { type: "string", default: "sqlite" }, rounds: { type: "string", default: "6" }, seconds: { type: "string", default: "2" }, rate: { type: "string" } },
});
if (positionals.length < 2) {
  console.error("usage: npx tsx bench/ab.ts [--provider sqlite|postgresql] [--rounds N] [--seconds S] VARIANT VARIANT…  (VARIANT: dir[:KEY=VALUE,…])");
  process.exit(2);
}

const variants = [];
// Whatever happens (a variant that fails to start, a crash), no server outlives this script.
const children: { kill(signal: NodeJS.Signals): boolean }[] = [];
process.on("exit", () => children.forEach((c) => c.kill("SIGKILL")));
for (const spec of positionals) {
  const [dir, settings = ""] = spec.split(/:(.*)/s);
  const env = Object.fromEntries(settings.split(",").filter(Boolean).map((kv) => [kv.slice(0, kv.indexOf("=")), kv.slice(kv.indexOf("=") + 1)]));
  const { NODE_ARGS = "", ...serverEnv } = env;
  // A variant's page size is its database file's (a file keeps the size it was made with).
  const pageSize = process.env.SQLITE_PAGE_SIZE;
  if (serverEnv.SQLITE_PAGE_SIZE) process.env.SQLITE_PAGE_SIZE = serverEnv.SQLITE_PAGE_SIZE;
  const database = await createTestDatabase(values.provider as Provider);
  for (const x of (serverEnv.XSQL ?? "").split(";").filter(Boolean)) await database.db.$executeRawUnsafe(x);
  delete serverEnv.XSQL;
  if (pageSize === undefined) delete process.env.SQLITE_PAGE_SIZE;
  else process.env.SQLITE_PAGE_SIZE = pageSize;
  const port = await freePort();
  const { DATABASE_URL_QUERY = "", HISTORY = "0", ...rest } = serverEnv; // the database's address is a setting too
  const url = DATABASE_URL_QUERY ? `${database.url}${database.url.includes("?") ? "&" : "?"}${DATABASE_URL_QUERY}` : database.url;
  const full = { ...testEnv(url, { CONDUIT_WORKER: "off", LOG_LEVEL: "warn", ...rest }), PORT: String(port), HOST: "127.0.0.1" };
  const nodeArgs = [...npmScriptNodeArgs("start", "server.js"), ...NODE_ARGS.split(" ").filter(Boolean)];
  const conn = await seedConnection(database.db, full, "metrilo", ...SIM_SETTINGS.metrilo, SHOP);
  if (Number(HISTORY)) await seedHistory(database, conn.shopId, conn.id, Number(HISTORY));
  const { child } = await startProcess(resolve(dir, "server.js"), full, (out) => out.includes("conduit listening"), nodeArgs);
  children.push(child);
  variants.push({ spec, url: `http://127.0.0.1:${port}`, child, database, ok: 0, seconds: 0, cpu: 0, db: 0, machine: 0, rss: 0, slices: [] as number[], p99s: [] as number[] });
}

try {
  // Not counted: the first seconds of a server are its JIT compiling, whatever the variant.
  for (const v of variants) await load(v.url, `ab-warm-${v.child.pid}`, { seconds: 3 });
  for (let round = 0; round < Number(values.rounds); round++) {
    for (const v of round % 2 ? [...variants].reverse() : variants) {
      const [cpu, db, machine] = [cpuMs(v.child.pid!) ?? NaN, postgresCpuMs(), machineCpuMs()?.busy ?? NaN];
      const rate = values.rate ? { rate: Number(values.rate), connections: 512 } : {};
      const r = await load(v.url, `ab-${round}-${v.child.pid}`, { seconds: Number(values.seconds), ...rate });
      v.p99s.push(r.p99);
      v.cpu += (cpuMs(v.child.pid!) ?? NaN) - cpu;
      v.db += postgresCpuMs() - db;
      v.machine += (machineCpuMs()?.busy ?? NaN) - machine;
      v.rss = Math.max(v.rss, rssMb(v.child.pid!) ?? 0);
      [v.ok, v.seconds] = [v.ok + r.ok, v.seconds + r.seconds];
      v.slices.push(Math.round(r.ok / r.seconds));
    }
  }
  for (const v of variants) {
    const per = (ms: number) => `${((1000 * ms) / Math.max(1, v.ok)).toFixed(0)} µs`;
    const db = values.provider === "postgresql" ? `, PostgreSQL ${per(v.db)}` : "";
    console.log(`${v.spec}: ${(v.ok / v.seconds).toFixed(0)} webhooks/s, server CPU ${per(v.cpu)}${db} a webhook, machine ${per(v.machine)}, RSS ${v.rss.toFixed(0)} MB (slices: ${v.slices.join(" ")})`);
    if (values.rate) console.log(`  p99 at ${values.rate}/s offered, per slice: ${v.p99s.join(" ")} ms; median ${median(v.p99s)} ms`);
  }
} finally {
  for (const v of variants) {
    v.child.kill("SIGKILL");
    await v.database.drop();
  }
}
process.exit(0);

function median(xs: number[]) {
  const s = [...xs].sort((a, b) => a - b);
  return s[Math.floor(s.length / 2)];
}
