// Plays the Web Pixel in a visitor's browser: the compact bodies extensions/conduit-pixel/ posts,
// from the storefront's origin, through a trusted proxy that names the visitor's address.
import { randomUUID } from "node:crypto";
import { TEST_SHOP } from "../support/webhooks";

export const STOREFRONT = "https://shop.conduit-test.example";
export const VISITOR_IP = "203.0.113.7";
export const VISITOR_UA = "Mozilla/5.0 (X11; Linux x86_64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/126.0.0.0 Safari/537.36";
export const ALL_CONSENT = { analytics: true, marketing: true, preferences: true, saleOfData: true };

export type Consent = typeof ALL_CONSENT;

export function visitor(clientId = randomUUID()) {
  const session = { id: randomUUID(), landingUrl: `${STOREFRONT}/products/linen-shirt?utm_source=fb&utm_medium=paid&trc_mcmp_id=111` };
  let clock = Date.parse("2026-11-02T11:55:00Z");
  return {
    clientId,
    session,
    event(name: string, path: string, data: Record<string, unknown> = {}, extra: Record<string, unknown> = {}) {
      clock += 20_000;
      return { id: `sh-${randomUUID()}`, name, clientId, timestamp: new Date(clock).toISOString(), url: `${STOREFRONT}${path}`, referrer: "https://www.facebook.com/", session, data, ...extra };
    },
  };
}

export interface PostOptions {
  shop?: string;
  origin?: string | null;
  consent?: Consent;
  rawBody?: string;
  method?: string;
  forwardedFor?: string;
}

export function postEvents(baseUrl: string, events: unknown[], opts: PostOptions = {}): Promise<Response> {
  const headers: Record<string, string> = { "Content-Type": "text/plain;charset=UTF-8", "User-Agent": VISITOR_UA, "X-Forwarded-For": opts.forwardedFor ?? VISITOR_IP };
  if (opts.origin !== null) headers.Origin = opts.origin ?? STOREFRONT;
  return fetch(`${baseUrl}/collect?shop=${encodeURIComponent(opts.shop ?? TEST_SHOP)}`, {
    method: opts.method ?? "POST",
    headers,
    body: opts.rawBody ?? JSON.stringify({ consent: opts.consent ?? ALL_CONSENT, events }),
  });
}
