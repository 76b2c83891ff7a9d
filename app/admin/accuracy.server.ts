// "Did every order arrive?" per vendor: the orders Shopify told Conduit about in the period
// (distinct order ids of accepted order webhooks — Shopify itself is not asked) against the
// orders among them that reached the vendor.
import prisma from "../db.server";
import { Status } from "../delivery/states";

/** Webhook topics whose record is an order (a refund is a new version of its order). */
export const ORDER_TOPICS = ["orders/create", "orders/updated", "orders/cancelled", "refunds/create"];

export interface OrderAccuracy {
  inShopify: number;
  delivered: number;
}

export async function orderAccuracy(shopId: string, vendors: string[], since: Date): Promise<Record<string, OrderAccuracy>> {
  const events = await prisma.webhookEvent.findMany({
    where: { shopId, status: "accepted", topic: { in: ORDER_TOPICS }, receivedAt: { gte: since }, entityId: { not: null } },
    distinct: ["entityId"],
    select: { entityId: true },
  });
  const orderIds = events.map((e) => e.entityId as string);
  const delivered = orderIds.length
    ? await prisma.delivery.findMany({
        where: { shopId, kind: "order", status: Status.delivered, entityId: { in: orderIds } },
        distinct: ["vendor", "entityId"],
        select: { vendor: true },
      })
    : [];
  return Object.fromEntries(
    vendors.map((vendor) => [vendor, { inShopify: orderIds.length, delivered: delivered.filter((d) => d.vendor === vendor).length }]),
  );
}
