// THE one place collect events are written: each event and its outbox rows in one transaction,
// like a webhook (app/webhooks/store.server.ts). When the intake's group commit lands, this is
// the function to switch to it. Events are canonical StorefrontEvents, stored as the payload of
// a `pixel/<event>` row so the delivery engine, Activity, replay and erasure treat them as any
// other record.
import { randomUUID } from "node:crypto";
import prisma, { isUniqueViolation } from "../db.server";
import type { StorefrontEvent } from "../domain/types";
import { consentRefusal } from "./consent";

export const PIXEL_TOPIC_PREFIX = "pixel/";
export const pixelTopic = (name: string) => `${PIXEL_TOPIC_PREFIX}${name}`;
/** Shopify's event id is unique per shop only; the intake's webhookId column is unique overall. */
export const pixelWebhookId = (shopDomain: string, eventId: string) => `pixel:${shopDomain}:${eventId}`;

export interface CollectConnection {
  id: string;
  vendor: string;
  sendOptions: string;
}

export interface StoreOutcome {
  stored: string[];
  duplicates: string[];
  /** Per vendor, events kept from it because the visitor's consent did not cover it. */
  withoutConsent: Record<string, number>;
  /** Connections with new pending rows, to wake their workers. */
  due: string[];
}

export interface Collected {
  event: StorefrontEvent;
  /** The connections that want this event (their consent decides pending or skipped). */
  connections: CollectConnection[];
}

async function write(shop: { id: string; domain: string }, items: Collected[]): Promise<StoreOutcome> {
  const events = items.map((i) => i.event);
  const wanting = new Map(items.map((i) => [i.event.id, i.connections]));
  return prisma.$transaction(async (tx) => {
    const ids = events.map((e) => pixelWebhookId(shop.domain, e.id));
    const seen = new Set((await tx.webhookEvent.findMany({ where: { webhookId: { in: ids } }, select: { webhookId: true } })).map((r) => r.webhookId));
    const fresh = events.filter((e, i) => !seen.has(ids[i]) && ids.indexOf(ids[i]) === i);
    const out: StoreOutcome = { stored: [], duplicates: events.filter((e) => !fresh.includes(e)).map((e) => e.id), withoutConsent: {}, due: [] };
    // The engine sends a connection's rows in createdAt order; rows of one transaction would tie,
    // so each gets its own millisecond, in the order the visitor did things.
    const now = Date.now();
    const rows = [...fresh].sort((a, b) => a.occurredAt.getTime() - b.occurredAt.getTime()).map((e, i) => ({ event: e, rowId: randomUUID(), createdAt: new Date(now + i) }));
    await tx.webhookEvent.createMany({
      data: rows.map(({ event, rowId }) => ({
        id: rowId,
        shopId: shop.id,
        webhookId: pixelWebhookId(shop.domain, event.id),
        eventId: event.id,
        topic: pixelTopic(event.name),
        triggeredAt: event.occurredAt,
        entityId: event.id,
        payload: JSON.stringify(event),
      })),
    });
    const due = new Set<string>();
    const deliveries = rows.flatMap(({ event, rowId, createdAt }) =>
      (wanting.get(event.id) ?? []).map((c) => {
        const refusal = consentRefusal(c.sendOptions, event.consent);
        if (refusal) out.withoutConsent[c.vendor] = (out.withoutConsent[c.vendor] ?? 0) + 1;
        else due.add(c.id);
        return {
          shopId: shop.id,
          connectionId: c.id,
          vendor: c.vendor,
          eventId: rowId,
          topic: pixelTopic(event.name),
          kind: "storefront_event",
          op: "upsert",
          entityId: event.id,
          entityUpdatedAt: event.occurredAt,
          createdAt,
          // Kept and visible in Activity as skipped, with the reason: counted, never silently lost.
          ...(refusal ? { status: "skipped", lastError: refusal } : {}),
        };
      }),
    );
    if (deliveries.length > 0) await tx.delivery.createMany({ data: deliveries });
    out.stored = fresh.map((e) => e.id);
    out.due = [...due];
    return out;
  });
}

/** One request's events, in one transaction. */
export async function storeCollected(shop: { id: string; domain: string }, items: Collected[]): Promise<StoreOutcome> {
  try {
    return await write(shop, items);
  } catch (err) {
    // Two requests raced with the same event id: the second look sees the first one's rows.
    if (isUniqueViolation(err)) return write(shop, items);
    throw err;
  }
}
