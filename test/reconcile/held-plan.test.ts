// Each hourly reconciliation page asks which of 50 listed records Conduit already holds. Both reads
// must go by an index of their own, however long the store's history: one OR of them had SQLite read
// every event of the shop for each page (112 ms a page beside 100 000 events), in the embedded
// default on the event loop that answers webhooks.
import { describe, expect, it } from "vitest";
import { HELD_BY_ENTITY, HELD_BY_VERSION } from "../../app/reconcile/held.server";
import { numbers, providers } from "../support/database";
import { freshDatabase, plan, plannable, withoutStatistics } from "../support/plans";

const HISTORY = 20_000;
const TOPICS = ["orders/create", "orders/updated", "orders/cancelled", "reconcile/order"];

describe.each(providers().filter(plannable))(`which listed records are held, on %s, beside ${HISTORY} stored orders`, (provider) => {
  const database = freshDatabase(provider);

  it("is read by the records' own events and the versions' webhook ids, not the shop's history", async () => {
    const db = await database();
    const shop = await db.shop.create({ data: { domain: "held.myshopify.com" } });
    const other = await db.shop.create({ data: { domain: "other.myshopify.com" } });
    await db.$executeRawUnsafe(
      `INSERT INTO "WebhookEvent" ("id", "shopId", "webhookId", "topic", "status", "entityId", "payload", "receivedAt")
       SELECT 'e' || i, '${shop.id}', 'w' || i, 'orders/updated', 'accepted', '' || i, '{"id":' || i || '}', '2026-01-01 00:00:00' FROM ${numbers(provider, HISTORY)}`,
    );
    // Beside order 17's update: its refund (not a holding topic), a refused update, another shop's order 17.
    await db.webhookEvent.createMany({
      data: [
        { shopId: shop.id, webhookId: "refund", topic: "refunds/create", entityId: "17", payload: "{}" },
        { shopId: shop.id, webhookId: "refused", topic: "orders/updated", status: "rejected", entityId: "17", payload: "{}" },
        { shopId: other.id, webhookId: "elsewhere", topic: "orders/updated", entityId: "17", payload: "{}" },
      ],
    });
    await withoutStatistics(db, provider, "WebhookEvent");

    const ids = Array.from({ length: 50 }, (_, i) => String(17 + i * 397));
    const byEntity = await plan(db, provider, HELD_BY_ENTITY(`${ids.length},${TOPICS.length}`), shop.id, ...ids, ...TOPICS);
    expect(byEntity).toContain("WebhookEvent_shopId_entityId_receivedAt_idx");
    expect(byEntity).not.toMatch(/status_receivedAt|shopId_topic_receivedAt|Seq Scan|SCAN WebhookEvent/);
    const versions = ids.map((id) => `reconcile:held.myshopify.com:order:${id}:2026-02-01T00:00:00.000Z`);
    const byVersion = await plan(db, provider, HELD_BY_VERSION(versions.length), ...versions);
    expect(byVersion).toContain("WebhookEvent_webhookId_key");
    expect(byVersion).not.toMatch(/shopId|status_receivedAt|Seq Scan|SCAN WebhookEvent/);

    // And they read the right rows: each listed order's accepted update, nothing refused, refunded or another shop's.
    const rows = await db.$queryRawUnsafe<{ webhookId: string }[]>(HELD_BY_ENTITY(`2,${TOPICS.length}`), shop.id, "17", "nope", ...TOPICS);
    expect(rows.map((r) => r.webhookId)).toEqual(["w17"]);
    const versionRows = await db.$queryRawUnsafe<{ webhookId: string; shopId: string }[]>(HELD_BY_VERSION(2), "w5", "refused");
    expect(versionRows.map((r) => [r.webhookId, r.shopId]).sort()).toEqual([["refused", shop.id], ["w5", shop.id]]);
  }, 60_000);
});
