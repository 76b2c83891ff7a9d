// Builds the canonical record for an outbox row from the stored webhook payload, at delivery
// time, so a mapper fix also fixes replays. Refunds are applied to the newest stored order.
import { query } from "../db/run.server";
import { memo, param, placeholders } from "../db/sql.server";
import type { DueRow } from "./due.server";
import { InvalidPayloadError, toEntity } from "../domain/shopify/topics";
import { isReconcileTopic, reconciledEntity } from "../domain/shopify-graphql";
import type { Entity, ShopInfo } from "../domain/types";
import { storefrontEntity } from "../collect/event";
import { PIXEL_TOPIC_PREFIX } from "../collect/store.server";
import { importedEntity, isImportTopic } from "../import/topics";

export class UnmappableError extends Error {}

/** The stored webhook is not a valid payload for its topic (intake checked only its id and version). */
export class InvalidStoredPayloadError extends UnmappableError {}

interface RowRef {
  shopId: string;
  topic: string;
  entityId: string;
  event: { payload: string } | null;
}

/**
 * The newest stored state of an order, by the order's own events ((shopId, entityId, receivedAt)).
 * Before that index SQLite read every accepted event of the store, newest first, until it met the
 * order: 110 ms beside 100 000 events for a refund of an old order, 122 ms for one whose order was
 * never stored, on the event loop that also answers webhooks in the embedded default.
 */
export const PRIOR_ORDER = `SELECT "payload" FROM "WebhookEvent" WHERE "shopId" = ${param(1)} AND "entityId" = ${param(2)} AND "status" = 'accepted'
  AND "topic" IN ('orders/create', 'orders/updated', 'orders/cancelled') ORDER BY "receivedAt" DESC LIMIT 1`;

async function priorOrderPayload(shopId: string, orderId: string): Promise<unknown> {
  const [event] = await query(PRIOR_ORDER, [shopId, orderId]);
  return event ? JSON.parse(String(event.payload)) : undefined;
}

export async function loadEntity(row: RowRef, shop: ShopInfo): Promise<Entity> {
  if (!row.event) throw new UnmappableError("its webhook event is gone (erased or deleted)");
  const payload = JSON.parse(row.event.payload) as Record<string, unknown>;
  if (payload.redacted === true) throw new UnmappableError("the customer's data was erased (customers/redact)");
  const prior = row.topic === "refunds/create" ? await priorOrderPayload(row.shopId, row.entityId) : undefined;
  try {
    // Records reconciliation fetched from the Admin API are GraphQL nodes, not webhook payloads.
    if (isReconcileTopic(row.topic)) return reconciledEntity(row.topic, payload, shop);
    // Web Pixel events are stored already canonical (app/collect/).
    if (row.topic.startsWith(PIXEL_TOPIC_PREFIX)) return storefrontEntity(payload);
    if (isImportTopic(row.topic)) return importedEntity(row.topic, payload, shop);
    try {
      return toEntity(row.topic, payload, shop, prior);
    } catch (err) {
      // The same words intake used when it checked whole payloads: the Overview shows them.
      if (err instanceof InvalidPayloadError) throw new InvalidStoredPayloadError(`not a valid ${row.topic} payload: ${err.message}`);
      throw err;
    }
  } catch (err) {
    if (err instanceof UnmappableError) throw err;
    throw new UnmappableError((err as Error).message);
  }
}

// The worker reads payloads a window of rows at a time (drain.server.ts), not with every due row.
export type LoadedRow = DueRow & { event: { payload: string } | null };

const payloadsText = memo((n: number) => `SELECT "id", "payload" FROM "WebhookEvent" WHERE "id" IN (${placeholders(n, 0)})`);

/** The rows with their stored webhook payloads (null when the event is gone), in the rows' order. */
export async function withPayloads(rows: DueRow[]): Promise<LoadedRow[]> {
  const ids = [...new Set(rows.flatMap((r) => (r.eventId ? [r.eventId] : [])))];
  // Plain SQL on the driver: a window's payloads are the largest values a worker reads, and
  // Prisma's mapping of them cost more than the read.
  const found = ids.length === 0 ? [] : await query(payloadsText(ids.length), ids);
  const events = new Map(found.map((e) => [String(e.id), { payload: String(e.payload) }]));
  return rows.map((r) => ({ ...r, event: (r.eventId && events.get(r.eventId)) || null }));
}
