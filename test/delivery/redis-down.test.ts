// A server on BullMQ whose Redis does not answer (a wrong REDIS_URL, Redis starting later than the
// app): it says so in one line rather than nothing at all, keeps storing webhooks, and once Redis
// answers delivers every one of them. Redis is unreachable through a proxy port that forwards to
// the real server only once the test opens it.
import { afterAll, describe, expect, it } from "vitest";
import { startVendorSimulators, SIM_CREDENTIALS, type VendorSimulators } from "../../simulators";
import { fixture } from "../fixtures/shopify";
import { startConduit, testEnv, type Conduit } from "../support/conduit";
import { createTestDatabase, type TestDatabase } from "../support/database";
import { lateServer, type LateServer } from "../support/late-server";
import { jsonLines } from "../support/logs";
import { bullmqAvailable, queueEnv, redisSkipReason } from "../support/queue";
import { seedConnection } from "../support/seed";
import { waitFor } from "../support/wait";
import { sendWebhook } from "../support/webhooks";

if (!bullmqAvailable()) console.info(`Redis outage drill skipped: ${redisSkipReason}`);

describe.skipIf(!bullmqAvailable())("a server whose Redis is down", () => {
  let database: TestDatabase;
  let sims: VendorSimulators;
  let conduit: Conduit | undefined;
  let redis: LateServer | undefined;
  afterAll(async () => {
    await conduit?.stop();
    redis?.close();
    await sims?.close();
    await database?.drop();
  });

  it("says so once, keeps storing webhooks, and delivers them all once Redis answers", async () => {
    database = await createTestDatabase("postgresql");
    sims = await startVendorSimulators();
    redis = await lateServer();
    const { REDIS_URL, ...queue } = queueEnv("bullmq");
    const env = testEnv(database.url, { ...sims.env, ...queue, REDIS_URL: `redis://127.0.0.1:${redis.port}`, CONDUIT_SWEEP_MS: "300", CONDUIT_OUTAGE_MAX_MS: "1000", LOG_LEVEL: "info" });
    const { metrilo } = SIM_CREDENTIALS;
    await seedConnection(database.db, env, "metrilo", { apiSecret: metrilo.apiSecret }, { apiToken: metrilo.apiToken });
    conduit = await startConduit(env);

    const customer = fixture("customers-create") as { id: number };
    for (let i = 1; i <= 5; i++) {
      const res = await sendWebhook(conduit.url, "customers/create", { ...customer, id: customer.id + i });
      expect(res.status).toBe(200);
    }
    await new Promise((r) => setTimeout(r, 3_000));
    const lines = jsonLines(conduit.output());
    // ioredis fails a reconnect every second or two: one line says it, not one per attempt.
    expect(lines.filter((l) => String(l.msg).startsWith("Redis unreachable"))).toHaveLength(1);
    const sweeps = lines.filter((l) => l.msg === "sweep failed; backing off");
    expect(sweeps.length).toBeGreaterThan(0);
    expect(JSON.stringify(sweeps[0].err)).toContain("is not answering");
    expect(await database.db.delivery.count({ where: { status: "delivered" } })).toBe(0);

    await redis.open(new URL(REDIS_URL));
    await waitFor("every stored customer delivered", async () => (await database.db.delivery.count({ where: { status: "delivered" } })) === 5 || undefined);
    expect(jsonLines(conduit.output()).some((l) => String(l.msg).startsWith("Redis answers again"))).toBe(true);
  }, 60_000);
});
