// The embedded default's database file: made with 8 KB pages (app/db/sqlite.ts), while one made
// before keeps its 4 KB pages and goes on working, and a bad SQLITE_PAGE_SIZE is refused by name.
import { execFile } from "node:child_process";
import { mkdtempSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { promisify } from "node:util";
import { createClient } from "@libsql/client";
import { describe, expect, it } from "vitest";
import { fixture } from "./fixtures/shopify";
import { childEnv, startConduit, testEnv } from "./support/conduit";
import { createTestDatabase } from "./support/database";
import { seedConnection } from "./support/seed";
import { sendWebhook } from "./support/webhooks";

const pageSize = async (file: string) => {
  const client = createClient({ url: `file:${file}` });
  try {
    return Number((await client.execute("PRAGMA page_size")).rows[0].page_size);
  } finally {
    client.close();
  }
};

describe("the SQLite file's page size", () => {
  it("is 8 KB for a database that setup's migration creates", async () => {
    const file = path.join(mkdtempSync(path.join(tmpdir(), "conduit-pages-")), "conduit.sqlite");
    await promisify(execFile)(process.execPath, ["scripts/migrate.mjs"], { env: childEnv({ DATABASE_URL: `file:${file}` }) });
    expect(await pageSize(file)).toBe(8192);
  });

  it("stays 4 KB for a database made before, which still stores webhooks", async () => {
    const before = process.env.SQLITE_PAGE_SIZE;
    process.env.SQLITE_PAGE_SIZE = "4096";
    const database = await createTestDatabase("sqlite").finally(() => {
      if (before === undefined) delete process.env.SQLITE_PAGE_SIZE;
      else process.env.SQLITE_PAGE_SIZE = before;
    });
    const conduit = await startConduit(testEnv(database.url, { CONDUIT_WORKER: "off" }));
    try {
      await seedConnection(database.db, conduit.env, "metrilo", { apiSecret: "s" }, { apiToken: "t" });
      expect((await sendWebhook(conduit.url, "orders/create", fixture("orders-create"), { webhookId: "old-file" })).status).toBe(200);
      expect(await database.db.webhookEvent.count({ where: { webhookId: "old-file" } })).toBe(1);
      expect(await pageSize(database.url.slice("file:".length))).toBe(4096);
    } finally {
      await conduit.stop();
      await database.drop();
    }
  });

  it("refuses a SQLITE_PAGE_SIZE that is not a power of two, naming it", async () => {
    const database = await createTestDatabase("sqlite");
    try {
      await expect(startConduit(testEnv(database.url, { CONDUIT_WORKER: "off", SQLITE_PAGE_SIZE: "1000" }))).rejects.toThrow(
        /SQLITE_PAGE_SIZE must be a power of two from 512 to 65536 \(bytes\); got "1000"/,
      );
    } finally {
      await database.drop();
    }
  });
});
