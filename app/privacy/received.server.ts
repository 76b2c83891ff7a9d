// The privacy requests that are answered in two steps (customers/redact, customers/data_request,
// shop/redact): the webhook's own transaction stores the request "received", naming the stored
// event (for a customer's, the one that carries their details); the work starts once the webhook
// is answered, so a search or deletion of the shop's whole history never holds Shopify's webhook.
// A process that dies in between leaves the request "received"; every worker's sweep finishes
// such requests (unfinished.server.ts).
import prisma from "../db.server";
import { receiveWebhook } from "../webhooks/receive.server";
import type { AfterStore } from "../webhooks/store.server";
import { subjectOf, type PrivacyPayload, type Subject } from "./subject";

/**
 * Receives the webhook (app/webhooks/receive.server.ts), storing the request with it, then starts
 * `complete` once it is answered, without waiting for it.
 */
export async function receiveInTwoSteps(
  request: Request,
  topic: string,
  complete: (id: string) => Promise<boolean>,
  email?: (payload: PrivacyPayload) => string | undefined,
): Promise<Response> {
  let requestId: string | undefined;
  const store: AfterStore = async (tx, { shopId, payload, eventId }) => {
    const p = payload as PrivacyPayload;
    requestId = (await tx.privacyRequest.create({ data: { shopId, topic, customerId: subjectOf(p).customerId, email: email?.(p), eventId } })).id;
  };
  const response = await receiveWebhook(request, topic, store);
  if (requestId) void complete(requestId);
  return response;
}

/** A request still "received": its shop, and who it is about (from the stored event's payload). */
export async function receivedRequest(id: string): Promise<{ shopId: string; subject: Subject } | undefined> {
  const request = await prisma.privacyRequest.findUnique({ where: { id }, select: { shopId: true, status: true, eventId: true } });
  if (request?.status !== "received") return undefined;
  const event = request.eventId ? await prisma.webhookEvent.findUnique({ where: { id: request.eventId }, select: { payload: true } }) : null;
  return { shopId: request.shopId, subject: subjectOf(JSON.parse(event?.payload ?? "{}") as PrivacyPayload) };
}
