// Stores verified webhooks and their outbox rows durably, or recognises them as repeats. Nothing
// here talks to Shopify or a vendor: the webhook must be answered within 5 s.
// Plain records go through the group commit (app/intake/): one transaction for all that arrive
// together. A record with an `after` step (app/uninstalled, privacy topics) gets a transaction of
// its own, so that its step failing fails only that webhook.
import prisma from "../db.server";
import { checkWebhook, describeWebhook, InvalidPayloadError, type WebhookDescription } from "../domain/shopify/topics";
import { connectionWants } from "../delivery/plan.server";
import { enqueue } from "../intake";

export interface IncomingWebhook {
  shop: string;
  topic: string;
  webhookId: string;
  eventId?: string;
  apiVersion?: string;
  triggeredAt?: string;
  /**
   * The payload as received. Bytes from the socket (valid UTF-8 ones, see verify.server.ts) stay
   * bytes until the database: measured on SQLite, 10 % less server CPU a webhook than decoding each
   * into a 10 KB string held until its batch commits. Records made in code (the pixel's,
   * reconciliation's) pass a string.
   */
  body: string | Buffer;
  /** The body read as JSON, once: the guard reads it before the store does (see readJson). */
  json?: JsonRead;
  /** How to read the payload; Shopify's webhook routes unless the event is not a webhook (reconciliation). */
  describe?: (topic: string, payload: unknown) => WebhookDescription | null;
  /**
   * Whether `eventId` + `topic` alone finds a repeat (Shopify's X-Shopify-Event-Id is unique across
   * shops). false for ids unique per shop only, the pixel's: their `webhookId` names the shop.
   */
  eventIdGlobal?: boolean;
  /**
   * Per connection that wants the topic: true, false (not for this one), or the reason its row is
   * stored as skipped (the visitor's consent) — kept and counted, never silently dropped.
   */
  admit?: (connection: IntakeConnection) => boolean | string;
  /** false: not kept when no connection takes it, whatever the shop's history setting (pixel events). */
  history?: boolean;
}

/** A vendor connection as the intake reads it, per batch. */
export interface IntakeConnection {
  id: string;
  shopId: string;
  vendor: string;
  sendOptions: string;
  publicSettings: string;
  enabled: true;
}

export type StoreResult =
  | { outcome: "duplicate" }
  /** `connectionIds`: rows pending delivery; `skipped`: vendors whose row was stored skipped (see `admit`). */
  | { outcome: "stored"; eventId: string; status: "accepted" | "rejected"; connectionIds: string[]; skipped?: string[] }
  | { outcome: "not-stored"; reason: string };

type Tx = Parameters<Parameters<typeof prisma.$transaction>[0]>[0];
export type AfterStore = (tx: Tx, ctx: { shopId: string; payload: unknown; eventId: string }) => Promise<void>;

export interface Parsed {
  payload: unknown;
  route?: WebhookDescription | null;
  reject?: string;
}

export type JsonRead = { payload: unknown } | { error: string };

/** The body as JSON, parsed at most once per webhook: a 10 KB order costs a parse each time. */
export function readJson(hook: { body: string | Buffer; json?: JsonRead }): JsonRead {
  if (!hook.json) {
    try {
      hook.json = { payload: JSON.parse(bodyText(hook.body)) };
    } catch (err) {
      hook.json = { error: (err as Error).message };
    }
  }
  return hook.json;
}

/** The body as text: a received body is UTF-8 bytes (Shopify's payloads, the pixel's events). */
export const bodyText = (body: string | Buffer) => (typeof body === "string" ? body : body.toString("utf8"));

/** JSON and the topic's schema; what cannot be read is kept as rejected, with the reason. */
export function parse(hook: IncomingWebhook): Parsed {
  const { topic, describe = describeWebhook } = hook;
  const json = readJson(hook);
  if ("error" in json) return { payload: undefined, reject: `body is not valid JSON: ${json.error}` };
  const { payload } = json;
  try {
    return { payload, route: describe(topic, payload) };
  } catch (err) {
    if (err instanceof InvalidPayloadError) return { payload, reject: `not a valid ${topic} payload: ${err.message}` };
    throw err;
  }
}

/**
 * Intake reads only a payload's id and version; the delivery's mapper checks the rest. A webhook
 * stored for history alone is never mapped, so it gets the whole check here: the reason it was
 * refused, or undefined.
 */
export function unreadableHistory(hook: IncomingWebhook, parsed: Parsed): string | undefined {
  if (hook.describe || parsed.reject || !parsed.route) return undefined; // reconciliation checks whole records itself
  // The group commit keeps no payload objects (app/intake/): read the body again.
  const json = parsed.payload === undefined ? readJson(hook) : { payload: parsed.payload };
  if ("error" in json) return `body is not valid JSON: ${json.error}`;
  try {
    checkWebhook(hook.topic, json.payload);
    return undefined;
  } catch (err) {
    if (err instanceof InvalidPayloadError) return `not a valid ${hook.topic} payload: ${err.message}`;
    throw err;
  }
}

const validDate = (s: string | undefined) => {
  const d = s ? new Date(s) : undefined;
  return d && !Number.isNaN(d.getTime()) ? d : undefined; // an unreadable header is not worth a retry
};

/** The event row for a parsed webhook; `shopId` from the shop it names. */
export const eventRow = (hook: IncomingWebhook, parsed: Parsed, shopId: string) => ({
  shopId,
  webhookId: hook.webhookId,
  eventId: hook.eventId,
  topic: hook.topic,
  apiVersion: hook.apiVersion,
  triggeredAt: validDate(hook.triggeredAt),
  status: parsed.reject ? "rejected" : "accepted",
  rejectReason: parsed.reject,
  entityId: parsed.route?.entityId,
  payload: hook.body,
});

export async function storeWebhook(hook: IncomingWebhook, after?: AfterStore): Promise<StoreResult> {
  if (!after) return (await enqueue([hook]))[0];
  const parsed = parse(hook);
  const { payload, route, reject } = parsed;
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
    const event = await tx.webhookEvent.create({ data: { ...eventRow(hook, parsed, shop.id), payload: bodyText(hook.body) } });
    if (route && !reject && connections.length) {
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
    if (!reject) await after(tx, { shopId: shop.id, payload, eventId: event.id });
    return {
      outcome: "stored",
      eventId: event.id,
      status: reject ? "rejected" : "accepted",
      connectionIds: connections.map((c) => c.id),
    } as const;
  });
}
