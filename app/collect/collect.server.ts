// POST /collect?shop=<shop>.myshopify.com — the Web Pixel's events. Public by nature, so every
// check that costs nothing comes first, and nothing reaches a vendor from here: events go to the
// outbox and the worker delivers them. Answers:
//   200 {accepted, duplicates, ignored, rejected[]} — also for a mixed batch: the good events are kept
//   400 unreadable body or every event invalid · 403 origin not the shop's, or shop uninstalled
//   404 unknown shop · 405 not POST · 413 body over 32 KB · 429 rate limit (Retry-After) · 503 storage down
// Transport-neutral: server.js's lean route (receive.server.ts) and the Remix route both call it.
import { failureLog } from "../failure-log";
import { logger } from "../logger.server";
import { TooLargeError } from "./body";
import { clientIp, trustedProxies } from "./client-ip";
import { collectMetrics } from "./metrics.server";
import { allowedOrigins, corsHeaders } from "./origin";
import { parseLimit, type Limit } from "./rate-limit";
import { warnOnce } from "../env";
import { describeIssues, envelope, MAX_BODY_BYTES, parseEvent, SHOP_DOMAIN, type PixelEvent } from "./schema";
import { collectLimiter } from "./shared-limit.server";
import { findShop } from "./shop.server";
import { storeCollected } from "./store.server";
import { toStorefrontEvent } from "./event";

/** A limit from the environment; one it cannot read is named in the log and the default applies. */
function limitFromEnv(name: string, fallback: Limit, text: string): Limit {
  const raw = process.env[name]?.trim();
  const limit = parseLimit(raw, fallback);
  if (raw && limit === fallback) warnOnce(`${name}="${raw}" is not events per window, like ${text} (window in ms, s or m, neither 0); using ${text}`);
  return limit;
}
const perShop = collectLimiter("shop", limitFromEnv("COLLECT_RATE_PER_SHOP", { events: 5_000, windowMs: 10_000 }, "5000/10s"));
const perVisitor = collectLimiter("visitor", limitFromEnv("COLLECT_RATE_PER_CLIENT", { events: 120, windowMs: 60_000 }, "120/1m"));
const trusted = trustedProxies();

export interface CollectRequest {
  method: string;
  /** The `shop` query parameter. */
  shop: string;
  header(name: string): string | null;
  /** The TCP peer's address. */
  peer: string | null;
  /** The body as text, at most `limit` bytes (TooLargeError beyond). */
  body(limit: number): Promise<string>;
}

export interface CollectAnswer {
  status: number;
  headers: Record<string, string>;
  body: string | null;
}

const json = (status: number, body: unknown, headers: Record<string, string> = {}): CollectAnswer => ({
  status,
  headers: { "Content-Type": "application/json", ...headers },
  body: JSON.stringify(body),
});

function refuse(status: number, error: string, headers: Record<string, string> = {}) {
  collectMetrics.request(status);
  return json(status, { error }, headers);
}

/** Storefront events come faster than webhooks: a database outage is one line, not one per request. */
const storing = failureLog(logger, "storefront events");

export async function collect(request: CollectRequest): Promise<CollectAnswer> {
  const domain = request.shop;
  if (request.method !== "POST" && request.method !== "OPTIONS") return refuse(405, "use POST", { Allow: "POST, OPTIONS" });
  if (!SHOP_DOMAIN.test(domain)) return refuse(400, "shop: must be a myshopify.com domain in the query string");
  let shop;
  try {
    shop = await findShop(domain);
  } catch (err) {
    storing.failed({ err, shop: domain }, "collect: shop not readable, answering 503");
    return refuse(503, "storage unavailable, retry later", { "Retry-After": "5" });
  }
  if (!shop) return refuse(404, `shop ${domain} is not known to Conduit`);
  if (shop.uninstalled) return refuse(403, `shop ${domain} has no active install of Conduit`);
  const origin = request.header("origin") ?? "";
  if (!allowedOrigins(shop).has(origin)) return refuse(403, `origin ${origin || "(none)"} is not a storefront or checkout of ${domain}`);
  const cors = corsHeaders(origin);
  if (request.method === "OPTIONS") return { status: 204, headers: cors, body: null };

  let text: string;
  try {
    text = await request.body(MAX_BODY_BYTES);
  } catch (err) {
    if (err instanceof TooLargeError) return refuse(413, err.message, cors);
    throw err;
  }
  let raw: unknown;
  try {
    raw = JSON.parse(text);
  } catch {
    return refuse(400, "body is not valid JSON", cors);
  }
  const env = envelope.safeParse(raw);
  if (!env.success) return refuse(400, describeIssues("", env.error), cors);

  const good: PixelEvent[] = [];
  const rejected: { index: number; id: string | null; reason: string }[] = [];
  env.data.events.forEach((e, index) => {
    const parsed = parseEvent(e, index);
    if (parsed.ok) good.push(parsed.event);
    else rejected.push({ index, id: parsed.id, reason: parsed.reason });
  });

  // Counted before storing, good and bad alike: a flood of invalid events is still a flood.
  const count = env.data.events.length;
  const clients = new Map<string, number>();
  for (const e of good) clients.set(e.clientId, (clients.get(e.clientId) ?? 0) + 1);
  const waits = await Promise.all([perShop.take(domain, count), ...[...clients].map(([client, n]) => perVisitor.take(`${domain}/${client}`, n))]);
  const wait = Math.max(...waits);
  if (wait > 0) return refuse(429, "too many events: slow down", { ...cors, "Retry-After": String(Math.ceil(wait / 1000)) });

  if (good.length === 0) return refuse(400, rejected.map((r) => r.reason).join("; "), cors);

  const visitor = {
    ip: clientIp(request.peer, request.header("x-forwarded-for"), trusted),
    userAgent: request.header("user-agent"),
    consent: env.data.consent,
  };
  let out;
  try {
    out = await storeCollected(domain, good.map((e) => toStorefrontEvent(e, visitor)));
  } catch (err) {
    storing.failed({ err, shop: domain }, "collect: events not stored, answering 503");
    return refuse(503, "storage unavailable, retry later", { ...cors, "Retry-After": "5" });
  }
  storing.succeeded();
  const { stored: accepted, duplicates, ignored, withoutConsent } = out;
  collectMetrics.request(200);
  collectMetrics.events({ accepted: accepted.length, duplicate: duplicates.length, rejected: rejected.length, ignored });
  for (const [vendor, n] of Object.entries(withoutConsent)) collectMetrics.withoutConsent(vendor, n);
  return json(200, { accepted: accepted.length, duplicates, ignored, withoutConsent, rejected }, cors);
}
