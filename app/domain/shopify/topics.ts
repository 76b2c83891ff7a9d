// The routing table for every webhook topic that carries data: what record a payload is about
// (for the intake, to order and deduplicate) and its canonical Entity (for the delivery engine).
import { z } from "zod/v4";
import type { Entity, EntityKind, EntityOp, ShopInfo } from "../types";
import { collectionPayload, mapCollection } from "./collection";
import { customerPayload, mapCustomer } from "./customer";
import { mapOrder, orderPayload } from "./order";
import { dateText, deletedPayload, parsePayload, shopifyIdNumber } from "./parse";
import { mapProduct, productPayload } from "./product";
import { applyRefund, refundPayload } from "./refund";

export { InvalidPayloadError } from "./parse";

/** A refund arrived for an order whose payload is not stored (yet): nothing to apply it to. */
export class UnknownOrderError extends Error {
  constructor(readonly orderId: string) {
    super(`no stored payload for order ${orderId} to apply the refund to`);
    this.name = "UnknownOrderError";
  }
}

export interface WebhookDescription {
  kind: EntityKind;
  op: EntityOp;
  entityId: string;
  /** Version of the record, to keep the newest; null for deletes (they carry no date). */
  updatedAt: Date | null;
}

interface Route {
  kind: EntityKind;
  op: EntityOp;
  /** Only what intake needs to store and order the webhook: its record's id and version. */
  describe(payload: unknown): { entityId: string; updatedAt: Date | null };
  /** The topic's whole schema: what entity() checks when it maps the payload. */
  schema: z.ZodType;
  /** The whole payload, checked by the topic's full schema (throws InvalidPayloadError). */
  entity(payload: unknown, shop: ShopInfo, priorOrderPayload: unknown): Entity;
}

// Why intake reads so little: validating a whole 10 KB order with zod was most of the intake's CPU
// per webhook (issue 11). The full schema runs where the payload is mapped, at delivery, and a
// payload it refuses becomes a rejected delivery and a rejected webhook, with the field and reason.
// What intake reads of every webhook, checked without zod's `.transform()` and converted here. zod
// 3 runs each transform with a fresh object holding a getter over its parse context, and V8 then
// keeps that context, and the whole payload it points to, through young-generation collections:
// every stored order's parsed objects were promoted to the old generation and collected there.
// Measured (bench/ab.ts, alternating): SQLite 4 220 → 5 173 webhooks/s, server CPU 270 → 196 µs a
// webhook. Same checks and messages; the mappers (delivery) keep their transforming schemas.
const versioned = z.object({ id: shopifyIdNumber, updated_at: dateText });
const refundVersion = z.object({ order_id: shopifyIdNumber, created_at: dateText });
const deletedId = z.object({ id: shopifyIdNumber });

/** For upserts keyed by the payload's own `id` and versioned by its `updated_at`. */
const byUpdatedAt = (payload: unknown) => {
  const p = parsePayload(versioned, payload);
  return { entityId: String(p.id), updatedAt: new Date(p.updated_at) };
};

const customer: Route = {
  kind: "customer",
  op: "upsert",
  describe: byUpdatedAt,
  schema: customerPayload,
  entity: (payload) => ({ kind: "customer", op: "upsert", record: mapCustomer(payload) }),
};

const category: Route = {
  kind: "category",
  op: "upsert",
  describe: byUpdatedAt,
  schema: collectionPayload,
  entity: (payload, shop) => ({ kind: "category", op: "upsert", record: mapCollection(payload, shop) }),
};

const product: Route = {
  kind: "product",
  op: "upsert",
  describe: byUpdatedAt,
  schema: productPayload,
  entity: (payload, shop) => ({ kind: "product", op: "upsert", record: mapProduct(payload, shop) }),
};

const order: Route = {
  kind: "order",
  op: "upsert",
  describe: byUpdatedAt,
  schema: orderPayload,
  entity: (payload) => ({ kind: "order", op: "upsert", record: mapOrder(payload) }),
};

// A refund is a new version of its order, dated by the refund; delivering it needs the order itself.
const refund: Route = {
  kind: "order",
  op: "upsert",
  describe: (payload) => {
    const r = parsePayload(refundVersion, payload);
    return { entityId: String(r.order_id), updatedAt: new Date(r.created_at) };
  },
  schema: refundPayload,
  entity: (payload, _shop, priorOrderPayload) => {
    if (priorOrderPayload == null) throw new UnknownOrderError(parsePayload(refundPayload, payload).order_id);
    return { kind: "order", op: "upsert", record: mapOrder(applyRefund(priorOrderPayload, payload)) };
  },
};

function deletion(kind: "customer" | "category" | "product"): Route {
  const id = (payload: unknown) => parsePayload(deletedPayload, payload).id;
  return {
    kind,
    op: "delete",
    describe: (payload) => ({ entityId: String(parsePayload(deletedId, payload).id), updatedAt: null }),
    schema: deletedPayload,
    entity: (payload) => ({ kind, op: "delete", id: id(payload) }),
  };
}

const ROUTES = {
  "orders/create": order,
  "orders/updated": order,
  "orders/cancelled": order,
  "refunds/create": refund,
  "products/create": product,
  "products/update": product,
  "products/delete": deletion("product"),
  "customers/create": customer,
  "customers/update": customer,
  "customers/delete": deletion("customer"),
  "collections/create": category,
  "collections/update": category,
  "collections/delete": deletion("category"),
  // Stored for the abandoned-checkout work to come; no vendor consumes checkouts yet.
  "checkouts/create": null,
  "checkouts/update": null,
} satisfies Record<string, Route | null>;

export type DataTopic = keyof typeof ROUTES;
export const DATA_TOPICS = Object.keys(ROUTES) as DataTopic[];

const routeOf = (topic: string): Route | null => (Object.hasOwn(ROUTES, topic) ? ROUTES[topic as DataTopic] : null);

/**
 * What record a webhook is about; null when it carries nothing to deliver. Checks only the id and
 * version it reads (throws InvalidPayloadError naming the field); toEntity checks the rest.
 */
export function describeWebhook(topic: string, payload: unknown): WebhookDescription | null {
  const route = routeOf(topic);
  return route && { kind: route.kind, op: route.op, ...route.describe(payload) };
}

/**
 * Checks the whole payload against its topic's schema (throws InvalidPayloadError naming the field):
 * for a webhook stored with nothing to deliver, which no mapper will read later.
 */
export function checkWebhook(topic: string, payload: unknown): void {
  const route = routeOf(topic);
  if (route) parsePayload(route.schema, payload);
}

/**
 * The canonical change a stored webhook stands for. refunds/create needs the latest stored payload of
 * its order (UnknownOrderError without one). Only for topics describeWebhook routes; throws otherwise.
 */
export function toEntity(topic: string, payload: unknown, shop: ShopInfo, priorOrderPayload?: unknown): Entity {
  const route = routeOf(topic);
  if (!route) throw new Error(`${topic} carries no record to deliver`);
  return route.entity(payload, shop, priorOrderPayload);
}
