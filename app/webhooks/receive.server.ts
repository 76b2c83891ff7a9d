// The HTTP side of webhook intake: verify with Shopify's library on the raw body, store, answer.
// 401 bad HMAC, 400 missing headers, 405 not POST (all from authenticate.webhook); 200 only once
// the event is durably stored (or was already); 503 when the database cannot take it, so that
// Shopify retries. A body whose HMAC is valid but whose JSON is not is stored as rejected, 200.
import { isUniqueViolation } from "../db.server";
import { authenticate } from "../shopify.server";
import { logger } from "../logger.server";
import { notifyDue } from "../delivery/scheduler.server";
import { guardWebhook } from "./guard.server";
import { storeWebhook, type AfterStore, type IncomingWebhook } from "./store.server";

const header = (r: Request, name: string) => r.headers.get(name) ?? undefined;

function fromHeaders(request: Request, body: string): IncomingWebhook {
  return {
    shop: header(request, "x-shopify-shop-domain") ?? "",
    topic: header(request, "x-shopify-topic") ?? "",
    webhookId: header(request, "x-shopify-webhook-id") ?? "",
    eventId: header(request, "x-shopify-event-id"),
    apiVersion: header(request, "x-shopify-api-version"),
    triggeredAt: header(request, "x-shopify-triggered-at"),
    body,
  };
}

export async function receiveWebhook(request: Request, expectedTopic: string, after?: AfterStore): Promise<Response> {
  const copy = request.clone();
  try {
    await authenticate.webhook(request);
  } catch (err) {
    if (err instanceof Response) return err;
    // The library parses JSON only after the HMAC check passed, so a SyntaxError means a genuine
    // Shopify delivery whose body we cannot read: keep it as rejected rather than lose it.
    if (!(err instanceof SyntaxError)) return unavailable(err, request);
  }
  const hook = fromHeaders(request, await copy.text());
  if (hook.topic !== expectedTopic) {
    return new Response(`topic header ${hook.topic} does not match ${expectedTopic}`, { status: 400 });
  }
  try {
    const refused = await guardWebhook(hook);
    if (refused) return refused;
    const result = await storeWebhook(hook, after);
    if (result.outcome === "stored") {
      notifyDue(result.connectionIds);
      if (result.status === "rejected") logger.warn({ shop: hook.shop, topic: hook.topic }, "webhook stored as rejected");
    }
    return new Response(null, { status: 200 });
  } catch (err) {
    if (isUniqueViolation(err)) return new Response(null, { status: 200 });
    return unavailable(err, request);
  }
}

function unavailable(err: unknown, request: Request) {
  logger.error({ err, topic: request.headers.get("x-shopify-topic") }, "webhook not stored: answering 503");
  return new Response("storage unavailable, retry later", { status: 503, headers: { "Retry-After": "5" } });
}
