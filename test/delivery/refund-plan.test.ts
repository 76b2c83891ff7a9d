// A refund is applied to the newest stored state of its order. That state must be found by the
// order's own events, however long the store's history: without an index for it, both databases
// read every accepted event of the shop, newest first, until they met the order (all of them for
// a refund of an order stored before the install) — on SQLite, on the event loop that answers
// webhooks.
import { describe, expect, it } from "vitest";
import { PRIOR_ORDER } from "../../app/delivery/entities.server";
import { numbers, providers } from "../support/database";
import { freshDatabase, plan, plannable, withoutStatistics } from "../support/plans";

const HISTORY = 20_000;

describe.each(providers().filter(plannable))(`a refund's order on %s, beside ${HISTORY} stored orders`, (provider) => {
  const database = freshDatabase(provider);

  it("is found by the order's own events, not the shop's history", async () => {
    const db = await database();
    const shop = await db.shop.create({ data: { domain: "refunds.myshopify.com" } });
    await db.$executeRawUnsafe(
      `INSERT INTO "WebhookEvent" ("id", "shopId", "webhookId", "topic", "status", "entityId", "payload", "receivedAt")
       SELECT 'e' || i, '${shop.id}', 'w' || i, 'orders/updated', 'accepted', '' || i, '{"id":' || i || '}', '2026-01-01 00:00:00' FROM ${numbers(provider, HISTORY)}`,
    );
    await withoutStatistics(db, provider, "WebhookEvent");

    const chosen = await plan(db, provider, PRIOR_ORDER, shop.id, "17");
    expect(chosen).toContain("WebhookEvent_shopId_entityId_receivedAt_idx");
    expect(chosen).not.toMatch(/status_receivedAt|shopId_topic_receivedAt|Seq Scan|SCAN WebhookEvent/);
    // And it finds that order, and nothing for one never stored.
    expect(await db.$queryRawUnsafe(PRIOR_ORDER, shop.id, "17")).toEqual([{ payload: '{"id":17}' }]);
    expect(await db.$queryRawUnsafe(PRIOR_ORDER, shop.id, "nope")).toEqual([]);
  }, 60_000);
});
