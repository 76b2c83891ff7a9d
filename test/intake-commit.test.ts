// Group commit's promise to Shopify: a 200 stands for a committed row. A webhook answered 200 just
// before the server is SIGKILLed mid-batch is in the database afterwards; a webhook whose batch
// could not commit is answered 503 (Shopify retries it), never 200, and left no row.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { fixture } from "./fixtures/shopify";
import { startConduit, testEnv, type Conduit } from "./support/conduit";
import { createTestDatabase, postgresSkipReason, providers, type TestDatabase } from "./support/database";
import { refusePoison, whileLocked } from "./support/database-faults";
import { seedConnection, SIM_SETTINGS } from "./support/seed";
import { sendWebhook } from "./support/webhooks";

if (!providers().includes("postgresql")) console.info(postgresSkipReason);

const orderWith = (note: string) => ({ ...fixture("orders-create"), note });

describe.each(providers())("group commit on %s", (provider) => {
  let database: TestDatabase;
  let conduit: Conduit;
  beforeAll(async () => {
    database = await createTestDatabase(provider);
    // A wide gathering window, so that webhooks sent together certainly share a batch.
    conduit = await startConduit(testEnv(database.url, { CONDUIT_WORKER: "off", CONDUIT_INTAKE_GATHER_MS: "50", SQLITE_BUSY_TIMEOUT_MS: "300" }));
    await seedConnection(database.db, conduit.env, "metrilo", { apiSecret: "s" }, { apiToken: "t" });
  });
  afterAll(async () => {
    await conduit?.stop("SIGKILL");
    await database?.drop();
  });

  it("answers 503 to every webhook of a batch that could not commit, and stores none of them", async () => {
    // Another session blocks writes past the batch's patience (test/support/database-faults.ts).
    const ids = Array.from({ length: 8 }, (_, i) => `locked-${i}`);
    const answers = await whileLocked(database, () => Promise.all(ids.map((id) => sendWebhook(conduit.url, "orders/create", orderWith(id), { webhookId: id }))));
    const statuses = answers.map((r) => r.status);
    expect(answers.every((r) => r.headers.get("retry-after") === "5")).toBe(true);
    expect(statuses).toEqual(ids.map(() => 503));
    expect(await database.db.webhookEvent.count({ where: { webhookId: { in: ids } } })).toBe(0);
    // Shopify's retry, once the database is back, is stored.
    const retry = await sendWebhook(conduit.url, "orders/create", orderWith(ids[0]), { webhookId: ids[0] });
    expect(retry.status).toBe(200);
    expect((await sendWebhook(conduit.url, "orders/create", orderWith(ids[0]), { webhookId: ids[0] })).status).toBe(200);
    expect(await database.db.webhookEvent.count({ where: { webhookId: ids[0] } })).toBe(1);
  }, 30_000);

  it("answers 503 only to the webhook the database refuses, 200 to its batch neighbours", async () => {
    await refusePoison(database);
    const ids = Array.from({ length: 8 }, (_, i) => `neighbour-${i}`);
    const [poison, ...rest] = await Promise.all([
      sendWebhook(conduit.url, "orders/create", orderWith("poison-pill"), { webhookId: "poison" }),
      ...ids.map((id) => sendWebhook(conduit.url, "orders/create", orderWith(id), { webhookId: id })),
    ]);
    expect(poison.status).toBe(503);
    expect(rest.map((r) => r.status)).toEqual(ids.map(() => 200));
    expect(await database.db.webhookEvent.count({ where: { webhookId: "poison" } })).toBe(0);
    expect(await database.db.webhookEvent.count({ where: { webhookId: { in: ids } } })).toBe(ids.length);
  }, 30_000);

  it("keeps every webhook it answered 200 when the server is SIGKILLed mid-batch", async () => {
    const crashing = await startConduit(testEnv(database.url, { CONDUIT_WORKER: "off", CONDUIT_ENCRYPTION_KEY: conduit.env.CONDUIT_ENCRYPTION_KEY }));
    const answered: string[] = [];
    let cut = 0;
    let next = 0;
    let killed: Promise<unknown> | undefined;
    // Every lane keeps sending until the server is gone, so that requests are in flight when it dies.
    const lane = async () => {
      for (;;) {
        const id = `crash-${next++}`;
        try {
          const res = await sendWebhook(crashing.url, "orders/create", orderWith(id), { webhookId: id });
          if (res.status === 200) answered.push(id);
          if (answered.length >= 300 && !killed) killed = crashing.stop("SIGKILL");
        } catch (err) {
          // Refused: sent after the process died. Anything else: in flight when it died.
          if ((err as { cause?: { code?: string } }).cause?.code !== "ECONNREFUSED") cut++;
          return;
        }
      }
    };
    await Promise.all(Array.from({ length: 32 }, lane));
    await killed;
    expect(cut).toBeGreaterThan(0);
    expect(answered.length).toBeGreaterThanOrEqual(300);
    expect(await database.db.webhookEvent.count({ where: { webhookId: { in: answered } } })).toBe(answered.length);
  }, 60_000);

  it("stores every outbox row of a batch larger than one statement takes", async () => {
    // Four vendors × 150 webhooks in one batch (a window wide enough to gather them all): 600
    // outbox rows, over the 500 a PostgreSQL statement takes (app/db/sql.server.ts).
    for (const vendor of ["ometria", "tracktor", "tracify"] as const) await seedConnection(database.db, conduit.env, vendor, ...SIM_SETTINGS[vendor]);
    const wide = await startConduit({ ...conduit.env, CONDUIT_INTAKE_GATHER_MS: "3000" });
    const ids = Array.from({ length: 150 }, (_, i) => `wide-${i}`);
    try {
      const answers = await Promise.all(ids.map((id) => sendWebhook(wide.url, "orders/create", orderWith(id), { webhookId: id })));
      expect(answers.map((r) => r.status)).toEqual(ids.map(() => 200));
    } finally {
      await wide.stop();
    }
    const events = await database.db.webhookEvent.findMany({ where: { webhookId: { in: ids } }, select: { id: true } });
    expect(events).toHaveLength(ids.length);
    const rows = await database.db.delivery.groupBy({ by: ["vendor"], where: { eventId: { in: events.map((e) => e.id) } }, _count: true });
    expect(Object.fromEntries(rows.map((r) => [r.vendor, r._count]))).toEqual({ metrilo: 150, ometria: 150, tracktor: 150, tracify: 150 });
  }, 60_000);
});
