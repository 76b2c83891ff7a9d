// The routing table for every webhook topic that carries data: what record a payload is about
// (for the intake, to order and deduplicate) and its canonical Entity (for the delivery engine).
import type { z } from "zod";
import type { Entity, EntityKind, EntityOp, ShopInfo } from "../types";
import { collectionPayload, mapCollection } from "./collection";
import { customerPayload, mapCustomer } from "./customer";
import { mapOrder, orderPayload } from "./order";
import { deletedPayload, parsePayload } from "./parse";
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
  describe(payload: unknown): { entityId: string; updatedAt: Date | null };
  entity(payload: unknown, shop: ShopInfo, priorOrderPayload: unknown): Entity;
}

/** For upserts keyed by the payload's own `id` and versioned by its `updated_at`. */
const byUpdatedAt = (schema: z.ZodType<{ id: string; updated_at: Date }, z.ZodTypeDef, unknown>) => (payload: unknown) => {
  const p = parsePayload(schema, payload);
  return { entityId: p.id, updatedAt: p.updated_at };
};

const customer: Route = {
  kind: "customer",
  op: "upsert",
  describe: byUpdatedAt(customerPayload),
  entity: (payload) => ({ kind: "customer", op: "upsert", record: mapCustomer(payload) }),
};

const category: Route = {
  kind: "category",
  op: "upsert",
  describe: byUpdatedAt(collectionPayload),
  entity: (payload, shop) => ({ kind: "category", op: "upsert", record: mapCollection(payload, shop) }),
};

const product: Route = {
  kind: "product",
  op: "upsert",
  describe: byUpdatedAt(productPayload),
  entity: (payload, shop) => ({ kind: "product", op: "upsert", record: mapProduct(payload, shop) }),
};

const order: Route = {
  kind: "order",
  op: "upsert",
  describe: byUpdatedAt(orderPayload),
  entity: (payload) => ({ kind: "order", op: "upsert", record: mapOrder(payload) }),
};

// A refund is a new version of its order, dated by the refund; delivering it needs the order itself.
const refund: Route = {
  kind: "order",
  op: "upsert",
  describe: (payload) => {
    const r = parsePayload(refundPayload, payload);
    return { entityId: r.order_id, updatedAt: r.created_at };
  },
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
    describe: (payload) => ({ entityId: id(payload), updatedAt: null }),
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

/** What record a webhook is about; null when it carries nothing to deliver. Throws InvalidPayloadError. */
export function describeWebhook(topic: string, payload: unknown): WebhookDescription | null {
  const route = routeOf(topic);
  return route && { kind: route.kind, op: route.op, ...route.describe(payload) };
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
