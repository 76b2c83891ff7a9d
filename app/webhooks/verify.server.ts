// Reads a webhook body as it streams in, under a size cap, with its HMAC computed over the raw
// bytes on the way; then checks what the Shopify library's webhooks.validate checks, in its order
// and with its answers (empty body or no HMAC header 400, wrong HMAC 401, a required header
// missing 400), with the library's own header names for both webhook kinds.
// Not the library call itself: it takes the whole body as one string, which is what let four
// 200 MB bodies take the server to 2.5 GB (issue 9 §2).
import { isUtf8 } from "node:buffer";
import { createHmac, timingSafeEqual } from "node:crypto";
import { WEBHOOK_HEADER_NAMES } from "@shopify/shopify-api";
import type { IncomingWebhook } from "./store.server";
import { envCount } from "../env";

/** Default cap: Shopify's largest real payloads (orders with hundreds of lines) are a few hundred KB. */
export const DEFAULT_MAX_BYTES = 10 * 1024 * 1024;

export const maxWebhookBytes = (env = process.env) => envCount("CONDUIT_WEBHOOK_MAX_BYTES", DEFAULT_MAX_BYTES, env);

export type Verified = { ok: true; hook: IncomingWebhook } | { ok: false; status: number; message: string };

type HeaderGet = (name: string) => string | undefined;

const fail = (status: number, message: string): Verified => ({ ok: false, status, message });

/**
 * Bytes, not a string (see IncomingWebhook.body), when they are UTF-8 as Shopify's are. Others are
 * decoded as they always were (a bad sequence becomes U+FFFD): a database refuses them as text.
 */
const asReceived = (bytes: Buffer) => (isUtf8(bytes) ? bytes : bytes.toString("utf8"));

export async function verifyWebhook(
  header: HeaderGet,
  body: AsyncIterable<Uint8Array>,
  opts: { secret: string; maxBytes: number },
): Promise<Verified> {
  const names = header(WEBHOOK_HEADER_NAMES.events.hmac) ? WEBHOOK_HEADER_NAMES.events : WEBHOOK_HEADER_NAMES.webhooks;
  const declared = Number(header("content-length"));
  // Refuse before reading a byte when the sender says how much is coming.
  if (declared > opts.maxBytes) return fail(413, `webhook body over ${opts.maxBytes} bytes`);
  const hmac = createHmac("sha256", opts.secret);
  const chunks: Buffer[] = [];
  let size = 0;
  for await (const chunk of body) {
    size += chunk.byteLength;
    if (size > opts.maxBytes) return fail(413, `webhook body over ${opts.maxBytes} bytes`);
    hmac.update(chunk);
    chunks.push(Buffer.from(chunk.buffer, chunk.byteOffset, chunk.byteLength));
  }
  if (size === 0) return fail(400, "webhook body is empty");
  const given = header(names.hmac);
  if (!given) return fail(400, `missing ${names.hmac} header`);
  // As the library compares: the base64 text, in constant time.
  const expected = Buffer.from(hmac.digest("base64"));
  const claimed = Buffer.from(given);
  if (claimed.length !== expected.length || !timingSafeEqual(claimed, expected)) return fail(401, "HMAC does not match the body");
  const missing = (["topic", "domain", "apiVersion", "webhookId"] as const).filter((k) => !header(names[k]));
  if (missing.length) return fail(400, `missing ${missing.map((k) => names[k]).join(", ")} header`);
  return {
    ok: true,
    hook: {
      shop: header(names.domain)!,
      topic: header(names.topic)!,
      webhookId: header(names.webhookId)!,
      eventId: "eventId" in names ? header(names.eventId) : undefined,
      apiVersion: header(names.apiVersion),
      triggeredAt: header(names.triggeredAt),
      body: asReceived(chunks.length === 1 ? chunks[0] : Buffer.concat(chunks, size)),
    },
  };
}
