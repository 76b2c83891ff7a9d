// Drills: PostgreSQL restarted mid-flight, and Redis restarted under BullMQ — for this test's
// connections only (other suites share both servers): every backend of the test's database is
// terminated (pg_terminate_backend), every Redis client of the test's queue is killed (CLIENT
// KILL), while a vendor call is in flight. Delivery resumes on its own; nothing is lost, and nothing
// arrives twice: the outcome of the call in flight, which could not be written while the database
// was away, is kept by the worker and written once it is back, before the rows' lease runs out
// and they would be sent again (app/delivery/unsaved-outcomes.ts).
import { createClient } from "@libsql/client";
import { Redis } from "ioredis";
import pg from "pg";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { expectAccounted } from "../support/accounting";
import { postgresSkipReason, providers } from "../support/database";
import { startDeployment, type Deployment } from "../support/deployment";
import { customer, email } from "../support/entities";
import { bullmqAvailable, deployments, redisSkipReason } from "../support/queue";
import { waitFor } from "../support/wait";

if (!providers().includes("postgresql")) console.info(`PostgreSQL restart drill skipped: ${postgresSkipReason}`);
if (!bullmqAvailable()) console.info(`Redis restart drill skipped: ${redisSkipReason}`);

async function terminateBackends(databaseUrl: string): Promise<number> {
  const name = new URL(databaseUrl).pathname.slice(1);
  const admin = new pg.Client({ connectionString: databaseUrl.replace(/\/[^/]*$/, "/postgres") });
  await admin.connect();
  try {
    const res = await admin.query("SELECT pg_terminate_backend(pid) FROM pg_stat_activity WHERE datname = $1 AND pid <> pg_backend_pid()", [name]);
    return res.rowCount ?? 0;
  } finally {
    await admin.end();
  }
}

/** The database refuses every connection for `ms` (longer than a lease), its sessions cut first. */
async function refuseConnections(databaseUrl: string, ms: number): Promise<number> {
  const name = new URL(databaseUrl).pathname.slice(1);
  const admin = new pg.Client({ connectionString: databaseUrl.replace(/\/[^/]*$/, "/postgres") });
  await admin.connect();
  await admin.query(`ALTER DATABASE "${name}" WITH ALLOW_CONNECTIONS false`);
  const cut = await terminateBackends(databaseUrl);
  setTimeout(() => void admin.query(`ALTER DATABASE "${name}" WITH ALLOW_CONNECTIONS true`).finally(() => admin.end()), ms);
  return cut;
}

async function killQueueClients(redisUrl: string, queue: string): Promise<number> {
  const redis = new Redis(redisUrl);
  try {
    const encoded = Buffer.from(queue).toString("base64");
    const list = (await redis.client("LIST")) as string;
    const ids = list.split("\n").filter((l) => l.includes(queue) || l.includes(encoded)).map((l) => /\bid=(\d+)/.exec(l)?.[1]).filter(Boolean) as string[];
    for (const id of ids) await redis.client("KILL", "ID", id);
    return ids.length;
  } finally {
    redis.disconnect();
  }
}

let round = 0;
const targets = deployments();

describe.each(targets)("a database or Redis cut mid-flight on %s with the %s queue", (provider, mode) => {
  let deployment: Deployment;
  beforeAll(async () => {
    // SQLite gives up on a lock after 0.5 s instead of 5 s: the lock drill stays short.
    deployment = await startDeployment(provider, mode, { SQLITE_BUSY_TIMEOUT_MS: "500" });
  });
  afterAll(() => deployment?.rig.close());

  async function drill(cut: () => Promise<number>) {
    const { rig } = deployment;
    const shop = `restart-${Math.random().toString(36).slice(2, 8)}.myshopify.com`;
    const conn = await rig.connect("metrilo", shop);
    const metrilo = rig.sims.servers.metrilo;
    // Each drill counts only its own calls, with entities of its own.
    metrilo.reset();
    const base = ++round * 100;
    metrilo.fail({ latencyMs: 1_500, times: 1 });
    const first = [1, 2, 3].map((n) => n + base);
    await rig.batch([conn.id], async () => {
      for (const n of first) await rig.send(customer(n), { shop });
    });
    await waitFor("a vendor call in flight", () => metrilo.requests.length > 0);
    expect(await cut()).toBeGreaterThan(0);
    // Webhooks keep arriving through the cut (a 503 is Shopify's cue to retry: send until stored).
    const later = [4, 5, 6].map((n) => n + base);
    for (const n of later) {
      await waitFor("the webhook stored", async () => rig.send(customer(n), { shop }).then(() => true, () => false), 20_000);
    }
    const expected = [...first, ...later].map((n) => `customer:${email(n)}`);
    await expectAccounted(rig, "metrilo", expected, { timeoutMs: 60_000 });
    const rows = await rig.db.delivery.findMany({ where: { connectionId: conn.id } });
    expect(rows.map((r) => r.status)).toEqual(rows.map(() => "delivered"));
  }

  it.runIf(provider === "sqlite")("survives another process holding SQLite's write lock for longer than a lease while a call is in flight", async () => {
    await drill(async () => {
      const lock = createClient({ url: deployment.rig.env.DATABASE_URL });
      await lock.execute("BEGIN EXCLUSIVE");
      setTimeout(() => void lock.execute("ROLLBACK").finally(() => lock.close()), 4_000);
      return 1;
    });
  }, 120_000);

  it.runIf(provider === "postgresql")("survives PostgreSQL dropping every connection while a call is in flight", async () => {
    await drill(() => terminateBackends(deployment.rig.env.DATABASE_URL));
  }, 120_000);

  it.runIf(provider === "postgresql")("survives PostgreSQL refusing connections for longer than a lease while a call is in flight", async () => {
    // The call's outcome cannot be written until the database is back; by then the rows' lease
    // (2 s here) has run out, and without the kept outcome they were sent a second time.
    await drill(() => refuseConnections(deployment.rig.env.DATABASE_URL, 5_000));
  }, 120_000);

  it.runIf(mode === "bullmq")("survives Redis dropping every client of the queue while a call is in flight", async () => {
    await drill(() => killQueueClients(process.env.REDIS_URL!, deployment.rig.env.CONDUIT_QUEUE_NAME));
  }, 120_000);
});
