// Which of the records the Admin API lists Conduit already holds, so that only the missing ones are
// fetched: an accepted event of the record's own topics (a webhook or an earlier reconciliation)
// at least as new as the listing, or this very version fetched before (even if it was refused).
import { target } from "../db.server";
import { query } from "../db/run.server";
import { memo, placeholders } from "../db/sql.server";
import { describeReconciled, isReconcileTopic, RECONCILE_TOPICS, type ReconciledKind } from "../domain/shopify-graphql";
import { checkWebhook, describeWebhook, type DataTopic } from "../domain/shopify/topics";

export interface Listed {
  id: string;
  updatedAt: Date;
}

const HOLDING: Record<ReconciledKind, string[]> = {
  customer: ["customers/create", "customers/update"] satisfies DataTopic[],
  product: ["products/create", "products/update"] satisfies DataTopic[],
  // Not refunds/create: it proves a refund arrived, not the order it changes (the engine cannot
  // deliver it without that order's own webhook).
  order: ["orders/create", "orders/updated", "orders/cancelled"] satisfies DataTopic[],
};

/** One synthetic event per record version: a repeated pass finds it instead of storing it twice. */
export const reconcileWebhookId = (shop: string, kind: ReconciledKind, r: Listed) =>
  `reconcile:${shop}:${kind}:${r.id}:${r.updatedAt.toISOString()}`;

/** The version an event holds; erased data counts as newest, so reconciliation never brings it back. */
function versionOf(topic: string, payload: string): number | null {
  try {
    const parsed: unknown = JSON.parse(payload);
    if ((parsed as { redacted?: unknown }).redacted === true) return Infinity;
    // describeWebhook reads only the id and version (intake's check); a webhook the worker has not
    // mapped yet may still fail the rest, so the whole payload is checked here.
    if (!isReconcileTopic(topic)) checkWebhook(topic, parsed);
    const described = isReconcileTopic(topic) ? describeReconciled(topic, parsed) : describeWebhook(topic, parsed);
    return described?.updatedAt?.getTime() ?? null;
  } catch {
    // A payload today's mappers cannot read holds nothing deliverable: fetch the record afresh.
    return null;
  }
}

/**
 * The events that may hold `ids` (args: shop id, the ids, the topics) or are these very versions
 * (args: their webhook ids), as two reads each by its own index. One `OR` of both had SQLite read
 * the shop's whole history for every page of 50 (beside 100 000 events: 84 ms a page, now 3 ms,
 * on the event loop that answers webhooks in the embedded default). Apart, on
 * a table without statistics (a new install's), each still chose by the shop alone: so here the
 * records' own events are read first and only then filtered (SQLite: a materialised CTE;
 * PostgreSQL: one probe per id, `OFFSET 0` keeping the planner from folding the probes into a
 * join it could choose to hash), and the webhook ids, unique, need no shop beside them (they name it).
 */
export const HELD_BY_ENTITY = memo((key: string) => {
  const [ids, topics] = key.split(",").map(Number);
  const filter = `"status" = 'accepted' AND "topic" IN (${placeholders(topics, 1 + ids)})`;
  return target.provider === "postgresql"
    ? `SELECT "e".* FROM unnest(ARRAY[${placeholders(ids, 1)}]::text[]) AS "k"("id")
         CROSS JOIN LATERAL (SELECT "webhookId", "topic", "entityId", "status", "payload" FROM "WebhookEvent"
                              WHERE "shopId" = $1 AND "entityId" = "k"."id" OFFSET 0) AS "e"
       WHERE ${filter}`
    : `WITH "versions" AS MATERIALIZED (
         SELECT "webhookId", "topic", "entityId", "status", "payload" FROM "WebhookEvent" WHERE "shopId" = ? AND "entityId" IN (${placeholders(ids, 1)}))
       SELECT * FROM "versions" WHERE ${filter}`;
});
export const HELD_BY_VERSION = memo(
  (n: number) => `SELECT "webhookId", "topic", "entityId", "payload", "shopId" FROM "WebhookEvent" WHERE "webhookId" IN (${placeholders(n, 0)})`,
);

/** Ids of the listed records that need no fetching. */
export async function heldRecords(shop: { id: string; domain: string }, kind: ReconciledKind, listed: Listed[]): Promise<Set<string>> {
  const webhookIds = new Map(listed.map((r) => [reconcileWebhookId(shop.domain, kind, r), r.id]));
  const topics = [...HOLDING[kind], RECONCILE_TOPICS[kind]];
  const ids = listed.map((r) => r.id);
  const [byEntity, byVersion] = await Promise.all([
    query(HELD_BY_ENTITY(`${ids.length},${topics.length}`), [shop.id, ...ids, ...topics]),
    query(HELD_BY_VERSION(webhookIds.size), [...webhookIds.keys()]),
  ]);
  const held = new Set<string>();
  const newest = new Map<string, number>();
  // A version fetched before is in both reads: each event counted once.
  const events = new Map([...byEntity, ...byVersion.filter((e) => e.shopId === shop.id)].map((e) => [String(e.webhookId), e as unknown as HeldEvent]));
  for (const e of events.values()) {
    const sameVersion = webhookIds.get(e.webhookId);
    if (sameVersion) held.add(sameVersion);
    const version = e.entityId ? versionOf(e.topic, String(e.payload)) : null;
    if (e.entityId && version !== null) newest.set(e.entityId, Math.max(version, newest.get(e.entityId) ?? -Infinity));
  }
  for (const r of listed) if ((newest.get(r.id) ?? -Infinity) >= r.updatedAt.getTime()) held.add(r.id);
  return held;
}

interface HeldEvent {
  webhookId: string;
  topic: string;
  entityId: string | null;
  payload: unknown;
}
