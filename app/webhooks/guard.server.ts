// What the HMAC does not cover. Shopify signs the body only: X-Shopify-Shop-Domain and
// X-Shopify-Triggered-At can be rewritten on a captured delivery. This guard runs after the HMAC
// check and before anything is stored, and answers the request itself when it refuses one.
//
// Statuses, and why (Shopify retries any non-2xx 8 times over 4 hours, then stops):
// - 403 when the header names another shop than the signed body (by domain or by numeric id), or Triggered-At is outside the
//   window: Shopify never sends either, so only a replayer sees the answer; nothing to retry.
// - 403 for a data topic of a shop Conduit has never known: a genuine one can only be a delivery
//   racing the install, and Shopify's retries then land once the install is stored — bounded.
// - 200 without storing for lifecycle/privacy topics of an unknown shop, and for shop/redact of
//   a shop that is installed again: there is nothing to erase or keep, and a retry cannot change
//   that, so Shopify is told it is done (compliance webhooks must be acknowledged).
import prisma from "../db.server";
import { logger } from "../logger.server";
import { shopIdRefusal } from "./shop-id.server";
import { readJson, type JsonRead } from "./store.server";
import { envInterval } from "../env";

export interface GuardedWebhook {
  shop: string;
  topic: string;
  triggeredAt?: string;
  body: string | Buffer;
  json?: JsonRead;
}

const HOUR = 3_600_000;
// Shopify's last retry comes ~4 h after the first attempt; 24 h leaves room for a delayed first attempt.
const maxAgeMs = () => envInterval("CONDUIT_WEBHOOK_MAX_AGE_HOURS", 24) * HOUR;
// Clocks drift; a delivery "from the future" by more than this was not written by Shopify.
const FUTURE_SKEW_MS = 15 * 60_000;

const LIFECYCLE = new Set(["app/uninstalled", "app/scopes_update", "shop/redact", "customers/redact", "customers/data_request"]);

const refuse = (status: number, reason: string, hook: GuardedWebhook) => {
  logger.warn({ shop: hook.shop, topic: hook.topic, reason }, "webhook refused");
  return new Response(reason, { status, headers: { "Content-Type": "text/plain" } });
};

/** Shops the payload names: shop_domain, myshopify_domain, a shop's own domain, and *.myshopify.com URLs. */
export function shopsNamedBy(topic: string, payload: unknown): string[] {
  if (!payload || typeof payload !== "object" || Array.isArray(payload)) return [];
  const named: string[] = [];
  // for…in, not Object.entries: a 10 KB order has ~80 keys, and each entry was a fresh array.
  for (const key in payload) {
    const value = (payload as Record<string, unknown>)[key];
    if (typeof value !== "string") continue;
    if (key === "shop_domain" || key === "myshopify_domain") named.push(value.toLowerCase());
    // A shop payload's `domain` may be a custom domain; only a myshopify one names the shop for sure.
    else if (key === "domain" && (topic.startsWith("app/") || topic.startsWith("shop/")) && value.endsWith(".myshopify.com")) named.push(value.toLowerCase());
    else if (key.endsWith("_url")) {
      const host = /^https?:\/\/([^/:?#]+)/i.exec(value)?.[1]?.toLowerCase();
      if (host?.endsWith(".myshopify.com")) named.push(host);
    }
  }
  return named;
}

/** Refusal for a Triggered-At outside Shopify's retry window, or undefined. */
export function staleReason(triggeredAt: string | undefined, now = Date.now()): string | undefined {
  if (!triggeredAt) return "X-Shopify-Triggered-At header is missing";
  const at = Date.parse(triggeredAt);
  if (Number.isNaN(at)) return `X-Shopify-Triggered-At is not a date: "${triggeredAt}"`;
  if (now - at > maxAgeMs()) return `X-Shopify-Triggered-At ${triggeredAt} is older than Shopify's retry window (CONDUIT_WEBHOOK_MAX_AGE_HOURS=${maxAgeMs() / HOUR})`;
  if (at - now > FUTURE_SKEW_MS) return `X-Shopify-Triggered-At ${triggeredAt} is in the future`;
  return undefined;
}

// A shop once known stays known; caching the yes keeps intake at one query per minute per shop.
const known = new Map<string, number>();
const KNOWN_TTL_MS = 60_000;

async function shopStanding(domain: string) {
  const [sessions, shop] = await Promise.all([
    prisma.session.count({ where: { shop: domain } }),
    prisma.shop.findUnique({ where: { domain }, select: { uninstalledAt: true, _count: { select: { connections: true } } } }),
  ]);
  return { installed: sessions > 0, known: sessions > 0 || Boolean(shop?.uninstalledAt) || (shop?._count.connections ?? 0) > 0 };
}

/** A shop deleted (shop/redact): its webhooks are refused again from now on, not for up to a minute. */
export const forgetKnownShop = (domain: string) => known.delete(domain.toLowerCase());

async function isKnown(domain: string): Promise<boolean> {
  if ((known.get(domain) ?? 0) > Date.now()) return true;
  const { known: yes } = await shopStanding(domain);
  if (yes) known.set(domain, Date.now() + KNOWN_TTL_MS);
  return yes;
}

/**
 * Checks what the signature does not cover. Returns the answer when the webhook must not be
 * stored, undefined when intake should go on. Throws only when the database cannot answer
 * (the caller's 503).
 */
export async function guardWebhook(hook: GuardedWebhook): Promise<Response | undefined> {
  // Missing is a malformed request (400, like the other required headers); too old is a replay.
  const stale = staleReason(hook.triggeredAt);
  if (stale) return refuse(hook.triggeredAt ? 403 : 400, stale, hook);

  // Read once for the store too; unreadable JSON is stored as rejected by intake, if the shop is known.
  const json = readJson(hook);
  const payload = "payload" in json ? json.payload : undefined;
  const domain = hook.shop.toLowerCase();
  const named = shopsNamedBy(hook.topic, payload);
  const other = named.find((s) => s !== domain);
  if (other) return refuse(403, `X-Shopify-Shop-Domain ${hook.shop} does not match the signed payload's shop ${other}`, hook);
  const wrongId = await shopIdRefusal(domain, hook.topic, payload, named.length > 0);
  if (wrongId) return refuse(403, `X-Shopify-Shop-Domain ${hook.shop} does not match: ${wrongId}`, hook);

  if (hook.topic === "shop/redact") {
    const standing = await shopStanding(domain);
    if (!standing.known) return refuse(200, "nothing held for this shop", hook);
    // Erase only a shop that is gone: a live session means the app is installed (again).
    if (standing.installed) return refuse(200, "not erased: the app is installed on this shop", hook);
    known.delete(domain);
    return undefined;
  }
  if (await isKnown(domain)) return undefined;
  return LIFECYCLE.has(hook.topic)
    ? refuse(200, "nothing held for this shop", hook)
    : refuse(403, `unknown shop ${hook.shop}: Conduit is not installed there`, hook);
}
