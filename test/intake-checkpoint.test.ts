// On SQLite the server copies its WAL into the database file from a thread of its own
// (app/db/checkpoints.ts), so that no webhook's COMMIT waits for a checkpoint and its fsync.
import { copyFileSync, mkdtempSync, statSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { createClient } from "@libsql/client";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { fixture } from "./fixtures/shopify";
import { startConduit, testEnv, type Conduit } from "./support/conduit";
import { createTestDatabase, type TestDatabase } from "./support/database";
import { seedConnection } from "./support/seed";
import { sendWebhook } from "./support/webhooks";

/** Webhooks the database file holds by itself: a copy without its WAL sees only what was checkpointed. */
async function storedInFileAlone(file: string): Promise<number> {
  const copy = path.join(mkdtempSync(path.join(tmpdir(), "conduit-copy-")), "conduit.sqlite");
  copyFileSync(file, copy);
  const { rows } = await createClient({ url: `file:${copy}` }).execute(`SELECT count(*) AS n FROM "WebhookEvent"`);
  return Number(rows[0].n);
}

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
    let inFile = 0;
    for (const end = Date.now() + 5_000; Date.now() < end && inFile < 20; await new Promise((r) => setTimeout(r, 50))) inFile = await storedInFileAlone(file);
    expect(inFile).toBe(20);
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
