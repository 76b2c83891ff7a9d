// Routes of imported records: what an assembled bulk node is about (for the outbox row) and its
// canonical Entity (built at delivery time by the same GraphQL mappers reconciliation uses).
import type { z } from "zod/v4";
import type { WebhookDescription } from "../domain/shopify/topics";
import { customerNode, mapCustomerNode } from "../domain/shopify-graphql/customer";
import { mapOrderNode, orderNode } from "../domain/shopify-graphql/order";
import { parsePayload } from "../domain/shopify-graphql/parse";
import { mapProductNode, productNode } from "../domain/shopify-graphql/product";
import type { Entity, ShopInfo } from "../domain/types";
import { collectionNode, mapCollectionNode } from "./collection";
import { KIND, resourceOfTopic, type Resource } from "./resources";

const SCHEMA: Record<Resource, z.ZodType<{ id: string; updatedAt: Date }, unknown>> = {
  customers: customerNode,
  collections: collectionNode,
  products: productNode,
  orders: orderNode,
};

const ENTITY: Record<Resource, (payload: unknown, shop: ShopInfo) => Entity> = {
  customers: (p) => ({ kind: "customer", op: "upsert", record: mapCustomerNode(p) }),
  collections: (p, shop) => ({ kind: "category", op: "upsert", record: mapCollectionNode(p, shop) }),
  products: (p, shop) => ({ kind: "product", op: "upsert", record: mapProductNode(p, shop) }),
  orders: (p) => ({ kind: "order", op: "upsert", record: mapOrderNode(p) }),
};

export const isImportTopic = (topic: string) => resourceOfTopic(topic) !== undefined;

/** Checks the whole node (throws InvalidPayloadError naming the field) and says what it is about. */
export function describeImported(resource: Resource, payload: unknown): WebhookDescription {
  const node = parsePayload(SCHEMA[resource], payload);
  return { kind: KIND[resource], op: "upsert", entityId: node.id, updatedAt: node.updatedAt };
}

export function importedEntity(topic: string, payload: unknown, shop: ShopInfo): Entity {
  const resource = resourceOfTopic(topic);
  if (!resource) throw new Error(`${topic} is not an import topic`);
  return ENTITY[resource](payload, shop);
}
