// Stores one verified webhook and its outbox rows in a single transaction, or recognises it as
// a repeat. Nothing here talks to Shopify or a vendor: the webhook must be answered within 5 s.
import prisma from "../db.server";
import { describeWebhook, InvalidPayloadError, type WebhookDescription } from "../domain/shopify/topics";
import { connectionWants } from "../delivery/plan.server";

export interface IncomingWebhook {
  shop: string;
  topic: string;
  webhookId: string;
  eventId?: string;
  apiVersion?: string;
  triggeredAt?: string;
  body: string;
  /** How to read the payload; Shopify's webhook routes unless the event is not a webhook (reconciliation). */
  describe?: (topic: string, payload: unknown) => WebhookDescription | null;
}

export type StoreResult =
  | { outcome: "duplicate" }
  | { outcome: "stored"; eventId: string; status: "accepted" | "rejected"; connectionIds: string[] }
  | { outcome: "not-stored"; reason: string };

type Tx = Parameters<Parameters<typeof prisma.$transaction>[0]>[0];
export type AfterStore = (tx: Tx, ctx: { shopId: string; payload: unknown; eventId: string }) => Promise<void>;

function parse(topic: string, body: string, describe = describeWebhook) {
  let payload: unknown;
  try {
    payload = JSON.parse(body);
  } catch (err) {
    return { payload: undefined, reject: `body is not valid JSON: ${(err as Error).message}` };
  }
  try {
    return { payload, route: describe(topic, payload) };
  } catch (err) {
    if (err instanceof InvalidPayloadError) return { payload, reject: `not a valid ${topic} payload: ${err.message}` };
    throw err;
  }
}

export async function storeWebhook(hook: IncomingWebhook, after?: AfterStore): Promise<StoreResult> {
  const { payload, route, reject } = parse(hook.topic, hook.body, hook.describe);
  const seen = await prisma.webhookEvent.findFirst({
    where: { OR: [{ webhookId: hook.webhookId }, ...(hook.eventId ? [{ eventId: hook.eventId, topic: hook.topic }] : [])] },
    select: { id: true },
  });
  if (seen) return { outcome: "duplicate" };

  return prisma.$transaction(async (tx) => {
    const shop = await tx.shop.upsert({ where: { domain: hook.shop }, create: { domain: hook.shop }, update: {} });
    const connections = route && !reject
      ? (await tx.vendorConnection.findMany({ where: { shopId: shop.id, enabled: true } })).filter((c) =>
          connectionWants(c, route.kind, route.op, hook.topic),
        )
      : [];
    if (connections.length === 0 && !shop.storeUnroutedEvents && !after && !reject) {
      return { outcome: "not-stored", reason: "no connection wants it and the shop keeps no history" } as const;
    }
    const event = await tx.webhookEvent.create({
      data: {
        shopId: shop.id,
        webhookId: hook.webhookId,
        eventId: hook.eventId,
        topic: hook.topic,
        apiVersion: hook.apiVersion,
        triggeredAt: hook.triggeredAt ? new Date(hook.triggeredAt) : undefined,
        status: reject ? "rejected" : "accepted",
        rejectReason: reject,
        entityId: route?.entityId,
        payload: hook.body,
      },
    });
    if (route && !reject) {
      await tx.delivery.createMany({
        data: connections.map((c) => ({
          shopId: shop.id,
          connectionId: c.id,
          vendor: c.vendor,
          eventId: event.id,
          topic: hook.topic,
          kind: route.kind,
          op: route.op,
          entityId: route.entityId,
          entityUpdatedAt: route.updatedAt,
        })),
      });
    }
    if (after && !reject) await after(tx, { shopId: shop.id, payload, eventId: event.id });
    return {
      outcome: "stored",
      eventId: event.id,
      status: reject ? "rejected" : "accepted",
      connectionIds: connections.map((c) => c.id),
    } as const;
  });
}
