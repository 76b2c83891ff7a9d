// Topics of the records reconciliation fetched from the Admin API, and their routes: what record a
// stored node is about (for the outbox) and its canonical Entity (for the delivery engine).
// They sit under each record's webhook family (customers/…, orders/…) so that privacy requests,
// which find a customer's events by that prefix and entity id, find these too. Shopify sends no
// such topics, and the intake accepts only DATA_TOPICS.
import type { z } from "zod/v4";
import type { WebhookDescription } from "../shopify/topics";
import type { Entity, ShopInfo } from "../types";
import { customerNode, mapCustomerNode } from "./customer";
import { mapOrderNode, orderNode } from "./order";
import { parsePayload } from "./parse";
import { mapProductNode, productNode } from "./product";

export const RECONCILE_TOPICS = {
  customer: "customers/reconcile",
  product: "products/reconcile",
  order: "orders/reconcile",
} as const;

export type ReconciledKind = keyof typeof RECONCILE_TOPICS;

interface Route {
  kind: ReconciledKind;
  schema: z.ZodType<{ id: string; updatedAt: Date }, unknown>;
  entity(payload: unknown, shop: ShopInfo): Entity;
}

const ROUTES: Record<string, Route> = {
  [RECONCILE_TOPICS.customer]: {
    kind: "customer",
    schema: customerNode,
    entity: (payload) => ({ kind: "customer", op: "upsert", record: mapCustomerNode(payload) }),
  },
  [RECONCILE_TOPICS.product]: {
    kind: "product",
    schema: productNode,
    entity: (payload, shop) => ({ kind: "product", op: "upsert", record: mapProductNode(payload, shop) }),
  },
  [RECONCILE_TOPICS.order]: {
    kind: "order",
    schema: orderNode,
    entity: (payload) => ({ kind: "order", op: "upsert", record: mapOrderNode(payload) }),
  },
};

export const isReconcileTopic = (topic: string): boolean => Object.hasOwn(ROUTES, topic);

/**
 * What a reconciled node is about, checking the whole node so that one the mappers cannot read is
 * stored as rejected, as an invalid webhook is. Null for other topics. Throws InvalidPayloadError.
 */
export function describeReconciled(topic: string, payload: unknown): WebhookDescription | null {
  const route = isReconcileTopic(topic) ? ROUTES[topic] : undefined;
  if (!route) return null;
  const node = parsePayload(route.schema, payload);
  return { kind: route.kind, op: "upsert", entityId: node.id, updatedAt: node.updatedAt };
}

/** The canonical change a stored reconciled node stands for. Throws for other topics. */
export function reconciledEntity(topic: string, payload: unknown, shop: ShopInfo): Entity {
  if (!isReconcileTopic(topic)) throw new Error(`${topic} is not a reconciliation topic`);
  return ROUTES[topic].entity(payload, shop);
}
