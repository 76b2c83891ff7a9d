// Plays Shopify: HMAC-signed webhook deliveries with the headers Shopify sends.
import { createHmac, randomUUID } from "node:crypto";
import { TEST_API_SECRET } from "./conduit";

export const TEST_SHOP = "conduit-test.myshopify.com";

export interface WebhookOptions {
  shop?: string;
  webhookId?: string;
  eventId?: string;
  secret?: string;
  /** Send this exact body instead of JSON.stringify(payload). */
  rawBody?: string | Buffer;
  headers?: Record<string, string | undefined>;
  method?: string;
}

export function sign(body: string | Buffer, secret = TEST_API_SECRET): string {
  return createHmac("sha256", secret).update(body).digest("base64");
}

export async function sendWebhook(baseUrl: string, topic: string, payload: unknown, opts: WebhookOptions = {}): Promise<Response> {
  const body = opts.rawBody ?? JSON.stringify(payload);
  const headers: Record<string, string> = {
    "Content-Type": "application/json",
    "X-Shopify-Hmac-Sha256": sign(body, opts.secret),
    "X-Shopify-Topic": topic,
    "X-Shopify-Shop-Domain": opts.shop ?? TEST_SHOP,
    "X-Shopify-API-Version": "2026-10",
    "X-Shopify-Webhook-Id": opts.webhookId ?? randomUUID(),
    "X-Shopify-Event-Id": opts.eventId ?? randomUUID(),
    "X-Shopify-Triggered-At": new Date().toISOString(),
  };
  for (const [k, v] of Object.entries(opts.headers ?? {})) {
    if (v === undefined) delete headers[k];
    else headers[k] = v;
  }
  return fetch(`${baseUrl}/webhooks/${topic}`, { method: opts.method ?? "POST", headers, body: opts.method === "GET" ? undefined : typeof body === "string" ? body : new Uint8Array(body) });
}
