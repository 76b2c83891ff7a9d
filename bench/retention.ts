// Retention rows of `npm run bench` (also `npm run bench -- retention`): a server with stored
// history starts, its sweeper prunes what expired, and webhooks arrive at a fixed rate meanwhile.
// Pruning must outpace the intake beside it (or the store grows without bound), and must not hold
// up the answers to Shopify: on SQLite every statement runs on the event loop that answers them.
// Found by it: 17.5 s of statements on that loop for 1 000 expired webhooks beside 20 000 (8cd7537).
import { createTestDatabase, providers, type Provider, type TestDatabase } from "../test/support/database";
import { startConduit, testEnv } from "../test/support/conduit";
import { seedConnection, SIM_SETTINGS } from "../test/support/seed";
import { load, SHOP } from "./intake";
import type { Check } from "./report";

const KEPT = Number(process.env.BENCH_RETENTION_KEPT ?? 10_000);
const EXPIRED = Number(process.env.BENCH_RETENTION_EXPIRED ?? 5_000);
const RATE = 1_000;
const DAY_MS = 86_400_000;

/** `n` orders/create events of ~10 KB received `daysAgo`, each with a delivered row and its attempt. */
function history(t: TestDatabase, shopId: string, connectionId: string, n: number, daysAgo: number, tag: string): string[] {
  const iso = new Date(Date.now() - daysAgo * DAY_MS).toISOString();
  const at = t.provider === "sqlite" ? iso.replace("Z", "+00:00") : iso.replace("Z", "");
  const [series, num, payload] =
    t.provider === "sqlite"
      ? [`(WITH RECURSIVE s(i) AS (SELECT 1 UNION ALL SELECT i + 1 FROM s WHERE i < ${n}) SELECT i FROM s)`, "i", "hex(randomblob(5000))"]
      : [`generate_series(1, ${n})`, "i::text", "(SELECT string_agg(md5(i::text || g), '') FROM generate_series(1, 156) g)"];
  const from = t.provider === "sqlite" ? `FROM ${series} AS s` : `FROM ${series} AS i`;
  return [
    `INSERT INTO "WebhookEvent" ("id", "shopId", "webhookId", "topic", "receivedAt", "status", "entityId", "payload")
     SELECT '${tag}e' || i, '${shopId}', '${tag}w' || i, 'orders/create', '${at}', 'accepted', ${num}, '{"id":' || i || ',"note":"' || ${payload} || '"}' ${from}`,
    `INSERT INTO "Delivery" ("id", "shopId", "connectionId", "vendor", "eventId", "topic", "kind", "op", "entityId", "status", "attempts", "nextAttemptAt", "createdAt", "updatedAt")
     SELECT '${tag}d' || i, '${shopId}', '${connectionId}', 'metrilo', '${tag}e' || i, 'orders/create', 'order', 'upsert', ${num}, 'delivered', 1, '${at}', '${at}', '${at}' ${from}`,
    `INSERT INTO "DeliveryAttempt" ("id", "deliveryId", "at", "fromStatus", "toStatus") SELECT '${tag}a' || i, '${tag}d' || i, '${at}', 'in_flight', 'delivered' ${from}`,
  ];
}

interface RetentionRun {
  provider: Provider;
  prunedPerSecond: number;
  p99: number;
  /** The same server's p99 under the same load just before, without pruning: the highest of three 2 s loads. */
  p99Before: number;
  notOk: number;
}

async function retentionRun(provider: Provider): Promise<RetentionRun> {
  const database = await createTestDatabase(provider);
  try {
    // A 150 s window: the server's first look comes one check interval (15 s) after it started,
    // after its warm-up and the load measured without pruning, during the load measured with it.
    const env = testEnv(database.url, { LOG_LEVEL: "info", CONDUIT_RETENTION_DAYS: String(150 / 86_400) });
    const conn = await seedConnection(database.db, env, "metrilo", ...SIM_SETTINGS.metrilo, SHOP);
    // The load's webhooks are stored as history (no vendor is called, and no rows wait to be sent).
    await database.db.vendorConnection.update({ where: { id: conn.id }, data: { enabled: false } });
    await database.db.shop.update({ where: { id: conn.shopId }, data: { storeUnroutedEvents: true } });
    // The kept history is dated an hour ahead, so the short window never reaches it however slow the run.
    for (const sql of [...history(database, conn.shopId, conn.id, KEPT, -1 / 24, "k"), ...history(database, conn.shopId, conn.id, EXPIRED, 60, "x")]) await database.db.$executeRawUnsafe(sql);
    const conduit = await startConduit(env);
    try {
      await load(conduit.url, `retention-warm-${provider}`, { seconds: 3 });
      // Three short loads before: the highest of their p99s is what this server shows without pruning.
      const before = [];
      for (let i = 0; i < 3; i++) before.push(await load(conduit.url, `retention-before-${i}-${provider}`, { rate: RATE, connections: 512, seconds: 2 }));
      const from = Date.now();
      const during = await load(conduit.url, `retention-during-${provider}`, { rate: RATE, connections: 512, seconds: 12 });
      const to = Date.now();
      const runs = conduit
        .output()
        .split("\n")
        .filter((l) => l.includes("expired data pruned"))
        .map((l) => JSON.parse(l) as { events: number; ms: number; time: number });
      const events = runs.reduce((n, r) => n + r.events, 0);
      const outside = runs.some((r) => r.time - r.ms < from || r.time > to);
      if (events !== EXPIRED || outside) throw new Error(`retention bench: ${events} of ${EXPIRED} expired events pruned, ${outside ? "not all" : "all"} while the measured load ran; the server said:\n${conduit.output().slice(-3000)}`);
      if ((await database.db.webhookEvent.count({ where: { webhookId: { startsWith: "kw" } } })) !== KEPT) throw new Error("retention bench: pruning removed kept history");
      const notOk = (l: typeof during) => l.requests - l.ok + l.errors;
      return {
        provider,
        prunedPerSecond: events / (runs.reduce((ms, r) => ms + r.ms, 0) / 1000),
        p99: during.p99,
        p99Before: Math.max(...before.map((l) => l.p99)),
        notOk: [...before, during].reduce((n, l) => n + notOk(l), 0),
      };
    } finally {
      await conduit.stop();
    }
  } finally {
    await database.drop();
  }
}

/** `storedPerSecond`: intake's rate on each provider in this run, printed beside pruning's. */
export async function retentionChecks(storedPerSecond: Partial<Record<Provider, number>>): Promise<Check[]> {
  const checks: Check[] = [];
  for (const provider of providers()) {
    const r = await retentionRun(provider);
    const p = provider === "sqlite" ? "SQLite" : "PostgreSQL";
    const intake = storedPerSecond[provider] ?? NaN;
    checks.push(
      {
        figure: `retention ${p}: expired webhooks pruned/s`, value: r.prunedPerSecond, unit: "/s", kind: "min", limit: RATE,
        why: `the ${RATE}/s stored meanwhile: pruning outpaces the intake it runs beside (${EXPIRED} expired, each with its row and attempt, beside ${KEPT} kept; intake alone stored ${intake.toFixed(0)}/s in this run)`,
      },
      {
        figure: `retention ${p}: p99 at ${RATE}/s offered while pruning`, value: r.p99, unit: "ms", kind: "max", limit: Math.max(50, r.p99Before),
        why: `intake's goal (issue 11), or, if higher, the worst p99 of this server under the same load in three 2 s runs just before, without pruning (${r.p99Before} ms): its worker and its history are on, as in production`,
      },
      { figure: `retention ${p}: answers not 200 while pruning`, value: r.notOk, unit: "", kind: "max", limit: 0, why: "each is a Shopify retry" },
    );
  }
  return checks;
}
