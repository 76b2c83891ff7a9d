// POST /collect?shop=<shop>.myshopify.com — the Web Pixel's events. Public by nature, so every
// check that costs nothing comes first, and nothing reaches a vendor from here: events go to the
// outbox and the worker delivers them. Answers:
//   200 {accepted, duplicates, ignored, rejected[]} — also for a mixed batch: the good events are kept
//   400 unreadable body or every event invalid · 403 origin not the shop's, or shop uninstalled
//   404 unknown shop · 405 not POST · 413 body over 32 KB · 429 rate limit (Retry-After) · 503 storage down
import prisma from "../db.server";
import { logger } from "../logger.server";
import { readCapped, TooLargeError } from "./body";
import { clientIp, trustedProxies } from "./client-ip";
import { collectMetrics } from "./metrics.server";
import { allowedOrigins, corsHeaders } from "./origin";
import { parseLimit, RateLimiter } from "./rate-limit";
import { describeIssues, envelope, MAX_BODY_BYTES, parseEvent, SHOP_DOMAIN, type PixelEvent } from "./schema";
import { storeCollected } from "./store.server";
import { toStorefrontEvent } from "./event";

const perShop = new RateLimiter(parseLimit(process.env.COLLECT_RATE_PER_SHOP, { events: 5_000, windowMs: 10_000 }));
const perVisitor = new RateLimiter(parseLimit(process.env.COLLECT_RATE_PER_CLIENT, { events: 120, windowMs: 60_000 }));
const trusted = trustedProxies();

const json = (status: number, body: unknown, headers: Record<string, string> = {}) =>
  new Response(JSON.stringify(body), { status, headers: { "Content-Type": "application/json", ...headers } });

function refuse(status: number, error: string, headers: Record<string, string> = {}) {
  collectMetrics.request(status);
  return json(status, { error }, headers);
}

async function findShop(domain: string) {
  return prisma.shop.findUnique({
    where: { domain },
    // Which connections take each event is the group commit's to read, inside its transaction.
    select: { id: true, domain: true, primaryDomain: true, uninstalledAt: true },
  });
}

export async function handleCollect(request: Request, peer: string | null): Promise<Response> {
  const domain = new URL(request.url).searchParams.get("shop") ?? "";
  if (request.method !== "POST" && request.method !== "OPTIONS") return refuse(405, "use POST", { Allow: "POST, OPTIONS" });
  if (!SHOP_DOMAIN.test(domain)) return refuse(400, "shop: must be a myshopify.com domain in the query string");
  const shop = await findShop(domain);
  if (!shop) return refuse(404, `shop ${domain} is not known to Conduit`);
  if (shop.uninstalledAt) return refuse(403, `shop ${domain} has no active install of Conduit`);
  const origin = request.headers.get("origin") ?? "";
  if (!allowedOrigins(shop).has(origin)) return refuse(403, `origin ${origin || "(none)"} is not a storefront or checkout of ${domain}`);
  const cors = corsHeaders(origin);
  if (request.method === "OPTIONS") return new Response(null, { status: 204, headers: cors });

  let text: string;
  try {
    text = await readCapped(request, MAX_BODY_BYTES);
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
  const wait = Math.max(perShop.take(domain, count), ...[...clients].map(([client, n]) => perVisitor.take(`${domain}/${client}`, n)));
  if (wait > 0) return refuse(429, "too many events: slow down", { ...cors, "Retry-After": String(Math.ceil(wait / 1000)) });

  if (good.length === 0) return refuse(400, rejected.map((r) => r.reason).join("; "), cors);

  const visitor = {
    ip: clientIp(peer, request.headers.get("x-forwarded-for"), trusted),
    userAgent: request.headers.get("user-agent"),
    consent: env.data.consent,
  };
  let out;
  try {
    out = await storeCollected(domain, good.map((e) => toStorefrontEvent(e, visitor)));
  } catch (err) {
    logger.error({ err, shop: domain }, "collect: events not stored, answering 503");
    return refuse(503, "storage unavailable, retry later", { ...cors, "Retry-After": "5" });
  }
  const { stored: accepted, duplicates, ignored, withoutConsent } = out;
  collectMetrics.request(200);
  collectMetrics.events({ accepted: accepted.length, duplicate: duplicates.length, rejected: rejected.length, ignored });
  for (const [vendor, n] of Object.entries(withoutConsent)) collectMetrics.withoutConsent(vendor, n);
  return json(200, { accepted: accepted.length, duplicates, ignored, withoutConsent, rejected }, cors);
}
