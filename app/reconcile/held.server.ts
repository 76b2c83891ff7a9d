// Which of the records the Admin API lists Conduit already holds, so that only the missing ones are
// fetched: an accepted event of the record's own topics (a webhook or an earlier reconciliation)
// at least as new as the listing, or this very version fetched before (even if it was refused).
import prisma from "../db.server";
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

/** Ids of the listed records that need no fetching. */
export async function heldRecords(shop: { id: string; domain: string }, kind: ReconciledKind, listed: Listed[]): Promise<Set<string>> {
  const webhookIds = new Map(listed.map((r) => [reconcileWebhookId(shop.domain, kind, r), r.id]));
  const events = await prisma.webhookEvent.findMany({
    where: {
      shopId: shop.id,
      OR: [
        { status: "accepted", entityId: { in: listed.map((r) => r.id) }, topic: { in: [...HOLDING[kind], RECONCILE_TOPICS[kind]] } },
        { webhookId: { in: [...webhookIds.keys()] } },
      ],
    },
    select: { webhookId: true, topic: true, entityId: true, payload: true },
  });
  const held = new Set<string>();
  const newest = new Map<string, number>();
  for (const e of events) {
    const sameVersion = webhookIds.get(e.webhookId);
    if (sameVersion) held.add(sameVersion);
    const version = e.entityId ? versionOf(e.topic, e.payload) : null;
    if (e.entityId && version !== null) newest.set(e.entityId, Math.max(version, newest.get(e.entityId) ?? -Infinity));
  }
  for (const r of listed) if ((newest.get(r.id) ?? -Infinity) >= r.updatedAt.getTime()) held.add(r.id);
  return held;
}
