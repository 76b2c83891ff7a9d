// What storing a webhook cannot cost less than on SQLite, measured in the bench's own run: the
// JSON.parse that tells a valid body from an invalid one, and SQLite's own work for the group
// commit's statements (its reads, its inserts, checkpoints) run in a loop on a migrated database
// with nothing else around them. Beside the bare server's CPU, these show how much of intake's
// CPU a webhook is Conduit's own (docs/scaling.md, "What a stored webhook cannot cost less than").
import Database from "libsql";
import { randomUUID } from "node:crypto";
import { readFileSync } from "node:fs";
import { connectionPragmas } from "../app/db/sqlite";
import { createTestDatabase } from "../test/support/database";

const BATCH = 20; // what 20 senders give the group commit
const CHUNKS = [16, 4]; // its statement sizes for 20 rows (app/db/sql.server.ts)

/** µs of CPU per call of `fn`, the median of a few rounds after a warm-up. */
function cpuPer(fn: () => void, calls: number): number {
  const rounds: number[] = [];
  for (let r = 0; r < 6; r++) {
    const before = process.cpuUsage();
    for (let i = 0; i < calls; i++) fn();
    const used = process.cpuUsage(before);
    if (r > 0) rounds.push((used.user + used.system) / calls);
  }
  return rounds.sort((a, b) => a - b)[Math.floor(rounds.length / 2)];
}

export async function intakeFloor(bodyFile: string): Promise<{ parseUs: number; sqliteUs: number }> {
  const body = readFileSync(bodyFile);
  let keys = 0;
  const parseUs = cpuPer(() => (keys += Object.keys(JSON.parse(body.toString("utf8"))).length), 5_000);

  const database = await createTestDatabase("sqlite");
  await database.db.$disconnect();
  const db = new Database(database.url.slice("file:".length));
  try {
    for (const sql of connectionPragmas()) db.prepare(sql).get();
    const now = new Date().toISOString().replace("Z", "+00:00");
    db.prepare(`INSERT INTO "Shop" ("id", "domain", "installedAt", "createdAt", "updatedAt") VALUES ('s', 'floor.myshopify.com', ?, ?, ?)`).run(now, now, now);
    db.prepare(
      `INSERT INTO "VendorConnection" ("id", "shopId", "vendor", "enabled", "publicSettings", "sendOptions", "secretSettings", "createdAt", "updatedAt") VALUES ('c', 's', 'metrilo', 1, '{}', '{}', '', ?, ?)`,
    ).run(now, now);
    const readShop = db.prepare(`SELECT s."id", c."id" FROM "Shop" s LEFT JOIN "VendorConnection" c ON c."shopId" = s."id" AND c."enabled" = 1 WHERE s."domain" IN (?)`);
    const readSeen = db.prepare(`SELECT "webhookId" FROM "WebhookEvent" WHERE "webhookId" IN (${Array(BATCH).fill("?").join(", ")}) OR "eventId" IN (${Array(BATCH).fill("?").join(", ")})`);
    const [begin, commit, checkpoint] = ["BEGIN IMMEDIATE", "COMMIT", "PRAGMA wal_checkpoint(PASSIVE)"].map((s) => db.prepare(s));
    // The group commit's columns and values (app/intake/group-commit.server.ts).
    // Random webhook and event ids, as Shopify's are (bench/webhook-headers.mjs), drawn before the timed loop.
    const [webhookIds, eventIds] = [0, 1].map(() => Array.from({ length: 7 * 200 * BATCH }, () => randomUUID()));
    const event = (k: number): Record<string, unknown> => ({ id: `e${k}`, shopId: "s", webhookId: webhookIds[k], eventId: eventIds[k], topic: "orders/create", apiVersion: "2025-01", triggeredAt: now, receivedAt: now, status: "accepted", rejectReason: null, entityId: String(k), payload: body });
    const delivery = (k: number): Record<string, unknown> => ({ id: `d${k}`, shopId: "s", connectionId: "c", vendor: "metrilo", eventId: `e${k}`, topic: "orders/create", kind: "order", op: "upsert", entityId: String(k), entityUpdatedAt: now, status: "pending", lastError: null, attempts: 0, nextAttemptAt: now, createdAt: now, updatedAt: now });
    const [eventCols, deliveryCols] = [Object.keys(event(0)), Object.keys(delivery(0))];
    const values = (cols: string[], row: Record<string, unknown>) => cols.map((c) => row[c]);
    const insert = (table: string, cols: string[], rows: number) =>
      db.prepare(`INSERT INTO "${table}" (${cols.map((c) => `"${c}"`).join(", ")}) VALUES ${Array(rows).fill(`(${cols.map((c) => (c === "payload" ? "CAST(? AS TEXT)" : "?")).join(", ")})`).join(", ")}`);
    const inserts = CHUNKS.map((n) => [insert("WebhookEvent", eventCols, n), insert("Delivery", deliveryCols, n)]);
    let k = 0;
    let lastCheckpoint = Date.now();
    const batch = () => {
      const ids = Array.from({ length: BATCH }, (_, i) => k + i);
      begin.run();
      readShop.raw(true).all("floor.myshopify.com");
      readSeen.raw(true).all(...ids.map((i) => webhookIds[i]), ...ids.map((i) => eventIds[i]));
      let at = 0;
      CHUNKS.forEach((n, c) => {
        const chunk = ids.slice(at, (at += n));
        inserts[c][0].run(chunk.flatMap((i) => values(eventCols, event(i))));
        inserts[c][1].run(chunk.flatMap((i) => values(deliveryCols, delivery(i))));
      });
      commit.run();
      k += BATCH;
      // As the server's checkpoint thread does (app/db/checkpoints.ts), here on the same thread.
      if (Date.now() - lastCheckpoint >= 100) {
        checkpoint.raw(true).get();
        lastCheckpoint = Date.now();
      }
    };
    return { parseUs: keys > 0 ? parseUs : NaN, sqliteUs: cpuPer(batch, 200) / BATCH };
  } finally {
    db.close();
  }
}
