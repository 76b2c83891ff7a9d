// The HTTP side of webhook intake: verify the HMAC over the raw body as it streams in, store,
// answer. 405 not POST, 413 body over the cap, 401 bad HMAC, 400 missing headers or a topic header
// that disagrees with the URL; 200 only once the event is durably stored (or was already); 503
// when the database cannot take it, so that Shopify retries. A body whose HMAC is valid but whose
// JSON is not is stored as rejected, 200.
//
// Two doors, one path: `handleWebhook` is the lean route server.js puts in front of Remix for the
// data topics (no Request objects, no router, no session lookup: issue 11 measured that path at
// under 1 % of a bare server); `receiveWebhook` serves the Remix routes of the lifecycle and
// privacy topics, which run a step of their own in the same transaction.
import type { IncomingMessage, ServerResponse } from "node:http";
import { isUniqueViolation } from "../db.server";
import { failureLog } from "../failure-log";
import { logger } from "../logger.server";
import { notifyDue } from "../delivery/scheduler.server";
import { DATA_TOPICS } from "../domain/shopify/topics";
import { guardWebhook } from "./guard.server";
import { storeWebhook, type AfterStore, type IncomingWebhook } from "./store.server";
import { maxWebhookBytes, verifyWebhook } from "./verify.server";

interface Answer {
  status: number;
  body?: string;
  headers?: Record<string, string>;
}

const secret = () => process.env.SHOPIFY_API_SECRET ?? "";
const MAX_BYTES = maxWebhookBytes();

/**
 * Checks a verified webhook before anything of it is stored; an answer refuses it.
 * THE place for checks of a verified webhook's claims (e.g. its shop header against its payload).
 */
async function guard(hook: IncomingWebhook): Promise<Answer | undefined> {
  const refused = await guardWebhook(hook);
  if (!refused) return undefined;
  return { status: refused.status, body: await refused.text(), headers: Object.fromEntries(refused.headers) };
}

async function accept(hook: IncomingWebhook, expectedTopic: string, after?: AfterStore): Promise<Answer> {
  if (hook.topic !== expectedTopic) return { status: 400, body: `topic header ${hook.topic} does not match ${expectedTopic}` };
  try {
    // Inside the try: a database error while guarding is a 503 like any other.
    const refused = await guard(hook);
    if (refused) return refused;
    const result = await storeWebhook(hook, after);
    storing.succeeded();
    if (result.outcome === "stored") {
      if (after) notifyDue(result.connectionIds); // the group commit notifies for its own batches
      if (result.status === "rejected") logger.warn({ shop: hook.shop, topic: hook.topic }, "webhook stored as rejected");
    }
    return { status: 200 };
  } catch (err) {
    if (isUniqueViolation(err)) return { status: 200 }; // stored meanwhile by another process
    return unavailable(err, hook.topic);
  }
}

/** A database outage is one line, not one per webhook (and Shopify retries each). */
const storing = failureLog(logger, "webhooks");

function unavailable(err: unknown, topic: string | undefined): Answer {
  storing.failed({ err, topic }, "webhook not stored: answering 503");
  return { status: 503, body: "storage unavailable, retry later", headers: { "Retry-After": "5" } };
}

/** For the Remix routes of topics with a step of their own (app/uninstalled, privacy). */
export async function receiveWebhook(request: Request, expectedTopic: string, after?: AfterStore): Promise<Response> {
  if (request.method !== "POST") return new Response(null, { status: 405, headers: { Allow: "POST" } });
  const header = (name: string) => request.headers.get(name) ?? undefined;
  const empty: AsyncIterable<Uint8Array> = (async function* () {})();
  const verified = await verifyWebhook(header, (request.body as AsyncIterable<Uint8Array> | null) ?? empty, { secret: secret(), maxBytes: MAX_BYTES });
  const answer = verified.ok ? await accept(verified.hook, expectedTopic, after) : { status: verified.status, body: verified.message };
  return new Response(answer.body ?? null, { status: answer.status, headers: answer.headers });
}

const DATA = new Set<string>(DATA_TOPICS);

/**
 * The lean route: answers POST /webhooks/<data topic> straight from Node's request, and returns
 * false (touching nothing) for anything else, which Remix then serves.
 */
export function handleWebhook(req: IncomingMessage, res: ServerResponse): boolean {
  if (req.method !== "POST" || !req.url?.startsWith("/webhooks/")) return false;
  const topic = req.url.slice("/webhooks/".length).split("?")[0].replace(/%2F/gi, "/");
  if (!DATA.has(topic)) return false; // lifecycle and privacy topics, 404s: Remix's
  const header = (name: string) => {
    const v = req.headers[name.toLowerCase()];
    return Array.isArray(v) ? v.join(", ") : v;
  };
  void (async () => {
    let answer: Answer;
    try {
      const verified = await verifyWebhook(header, req, { secret: secret(), maxBytes: MAX_BYTES });
      answer = verified.ok ? await accept(verified.hook, topic) : { status: verified.status, body: verified.message };
    } catch (err) {
      // The sender went away mid-body, or something unforeseen: nothing was stored.
      answer = req.destroyed ? { status: 400, body: "request aborted" } : unavailable(err, topic);
    }
    if (answer.status === 413) {
      // The rest of the body is never read: close the connection rather than drain it.
      res.setHeader("Connection", "close");
      res.once("finish", () => req.destroy());
    }
    res.writeHead(answer.status, { "Content-Type": "text/plain; charset=utf-8", ...answer.headers });
    res.end(answer.body);
  })();
  return true;
}
