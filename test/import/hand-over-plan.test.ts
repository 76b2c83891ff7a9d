// An import hands its records to a vendor's outbox chunk by chunk. Each chunk must read its own
// events by their webhookId range, however many other events the store holds, on a table the
// database has no statistics for (SQLite never gathers them by itself; PostgreSQL not before
// autovacuum, which a new install's first import runs ahead of). Otherwise both planners read every
// accepted event through (status, receivedAt) for each chunk: 100 000 orders took 37 % of the
// worker's CPU in that statement alone (npm run bench -- import).
import { describe, expect, it } from "vitest";
import { HAND_OVER } from "../../app/import/enqueue.server";
import { numbers, providers } from "../support/database";
import { freshDatabase, plan, plannable, withoutStatistics } from "../support/plans";

const HISTORY = 20_000;
const CHUNK = 500;
const at = "2026-01-01 00:00:00";
const id = (i: number) => `import:run1:orders:${String(i).padStart(9, "0")}`;

describe.each(providers().filter(plannable))(`the import's hand-over on %s, beside ${HISTORY} accepted events`, (provider) => {
  const database = freshDatabase(provider);

  it("reads its chunk by webhookId, not the store's accepted events", async () => {
    const db = await database();
    const shop = await db.shop.create({ data: { domain: "plan.myshopify.com" } });
    const conn = await db.vendorConnection.create({ data: { shopId: shop.id, vendor: "metrilo", publicSettings: "{}", sendOptions: "{}", secretSettings: "" } });
    const padded = provider === "sqlite" ? `substr('000000000' || i, -9)` : `lpad(i::text, 9, '0')`;
    await db.$executeRawUnsafe(
      `INSERT INTO "WebhookEvent" ("id", "shopId", "webhookId", "topic", "status", "entityId", "payload", "receivedAt")
       SELECT 'e' || i, '${shop.id}', 'import:run1:orders:' || ${padded}, 'orders/import', 'accepted', '' || i, '{}', '${at}' FROM ${numbers(provider, HISTORY)}`,
    );
    await withoutStatistics(db, provider, "WebhookEvent");

    const args = [id(HISTORY - CHUNK), id(HISTORY), conn.id, "metrilo", "order", at, at, at];
    const chosen = await plan(db, provider, HAND_OVER, ...args);
    expect(chosen).toContain("WebhookEvent_webhookId_key");
    expect(chosen).not.toContain("WebhookEvent_status_receivedAt_idx");

    // And it hands over exactly that chunk.
    expect(await db.$queryRawUnsafe<unknown[]>(HAND_OVER, ...args)).toHaveLength(CHUNK);
    expect(await db.delivery.count({ where: { connectionId: conn.id, kind: "order", status: "pending" } })).toBe(CHUNK);
  }, 60_000);
});
