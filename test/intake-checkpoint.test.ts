// On SQLite the server copies its WAL into the database file from a thread of its own
// (app/db/checkpoints.ts), so that no webhook's COMMIT waits for a checkpoint and its fsync.
import { statSync } from "node:fs";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { fixture } from "./fixtures/shopify";
import { startConduit, testEnv, type Conduit } from "./support/conduit";
import { createTestDatabase, type TestDatabase } from "./support/database";
import { seedConnection } from "./support/seed";
import { startWorker } from "./support/processes";
import { countInFileAlone } from "./support/sqlite-file";
import { waitFor } from "./support/wait";
import { sendWebhook } from "./support/webhooks";

const send = (conduit: Conduit, ids: string[]) =>
  Promise.all(ids.map((id) => sendWebhook(conduit.url, "orders/create", { ...fixture("orders-create"), note: id }, { webhookId: id })));

describe("SQLite checkpoints while the server runs", () => {
  let database: TestDatabase;
  let conduit: Conduit;
  let file: string;
  beforeAll(async () => {
    database = await createTestDatabase("sqlite");
    file = database.url.slice("file:".length);
    // A backstop of 200 pages (800 KB), so that the test need not write SQLite's 40 MB.
    conduit = await startConduit(testEnv(database.url, { CONDUIT_WORKER: "off", SQLITE_WAL_AUTOCHECKPOINT: "200" }));
    await seedConnection(database.db, conduit.env, "metrilo", { apiSecret: "s" }, { apiToken: "t" });
  });
  afterAll(async () => {
    await conduit?.stop("SIGKILL");
    await database?.drop();
  });

  it("copies webhooks into the database file without a COMMIT crossing SQLite's checkpoint size", async () => {
    // 20 orders of 10 KB: some 60 pages, far below the 200-page backstop.
    const answers = await send(conduit, Array.from({ length: 20 }, (_, i) => `small-${i}`));
    expect(answers.map((r) => r.status)).toEqual(answers.map(() => 200));
    await waitFor("20 webhooks in the database file alone", async () => (await countInFileAlone(file, "WebhookEvent")) === 20, 5_000);
  }, 30_000);

  it("keeps the WAL bounded while webhooks keep coming", async () => {
    // 600 orders of 10 KB, 6 MB in all, sent 30 at a time.
    for (let round = 0; round < 20; round++) {
      const answers = await send(conduit, Array.from({ length: 30 }, (_, i) => `steady-${round}-${i}`));
      expect(answers.every((r) => r.status === 200)).toBe(true);
    }
    expect(await database.db.webhookEvent.count({ where: { webhookId: { startsWith: "steady-" } } })).toBe(600);
    expect(statSync(`${file}-wal`).size).toBeLessThan(3 * 1024 * 1024);
  }, 60_000);
});

describe("stopping a process that checkpoints", () => {
  let database: TestDatabase;
  beforeAll(async () => {
    database = await createTestDatabase("sqlite");
  });
  afterAll(() => database?.drop());

  // The thread's connection is libsql's: a process whose event loop emptied before the thread had
  // closed it exited under the thread, which then aborted the process from inside libsql (a Rust
  // panic, SIGABRT, no exit code) about one stop in three. Each process is stopped as soon as it is
  // up, one at a time: started together, they happened to outlast the thread and hid it.
  it("exits 0 on SIGTERM and on SIGINT, servers and workers alike", async () => {
    const env = testEnv(database.url, { CONDUIT_WORKER: "off", LOG_LEVEL: "warn" });
    const stops: { exit: number | null; output: string }[] = [];
    for (let i = 0; i < 8; i++) {
      const p = i % 4 < 3 ? await startConduit(env) : await startWorker(env);
      stops.push({ exit: await p.stop(i % 2 ? "SIGINT" : "SIGTERM"), output: p.output() });
    }
    expect(stops.filter((s) => s.output.includes("panicked"))).toEqual([]);
    expect(stops.map((s) => s.exit)).toEqual(stops.map(() => 0));
  }, 60_000);
});
