// Tracify server-side events API simulator: POST /api/v1/events, header tracify-token, body
// {"events": [...]}. Answers are our design (Tracify documents none):
//   200 {"status":"ok","accepted":n,"duplicates":d} — an empty batch too (what verify relies on);
//   400 {"error","index"?,"field"?} — one invalid event refuses the whole batch, nothing is kept;
//   401 missing / 403 unknown tracify-token · 413 body over 1 MB · 415 not JSON · 429 over 10 calls/s.
// Purchases are deduplicated by order id per site: a re-sent id is accepted but not stored again.
import { rateLimiter, type SimRequest, type SimResponse, type SimulatorDefinition } from "../base";
import { validateEvent } from "./validate";

export interface TracifySimOptions {
  /** One key, or several accounts' keys (each rate-limited on its own, as Tracify limits per key). */
  apiKey: string | string[];
  /** Calls per second per key (default 10); 0 turns the limit off, to measure what the simulator absorbs. */
  callsPerSecond?: number;
  /** The CSIDs of this account. */
  customerSiteIds: string[];
}

export interface TracifyEventRecord {
  url: string;
  customer_site_id: string;
  identity_data: Record<string, number>;
  datetime: string;
  type: string;
  data: Record<string, string>;
}

export const MAX_EVENTS = 100;
export const MAX_BYTES = 1_000_000;
export const CALLS_PER_SECOND = 10;

const fail = (status: number, error: string, extra: object = {}, headers?: Record<string, string>): SimResponse => ({
  status,
  body: { error, ...extra },
  headers,
});

export function createTracifySimulator(options: TracifySimOptions) {
  const events: TracifyEventRecord[] = [];
  const purchases = new Map<string, TracifyEventRecord>();
  const duplicates: { customer_site_id: string; order_id: string }[] = [];
  const perSecond = options.callsPerSecond ?? CALLS_PER_SECOND;
  const limiter = rateLimiter(perSecond);
  const keys = new Set([options.apiKey].flat());

  function parse(req: SimRequest): unknown[] | SimResponse {
    if (!String(req.headers["content-type"] ?? "").startsWith("application/json")) return fail(415, "content-type must be application/json");
    if (req.raw.length > MAX_BYTES) return fail(413, `request body over ${MAX_BYTES} bytes`);
    let body: unknown;
    try {
      body = JSON.parse(req.text);
    } catch {
      return fail(400, "body is not valid JSON");
    }
    const list = (body as { events?: unknown } | null)?.events;
    if (!Array.isArray(list)) return fail(400, "events: must be an array", { field: "events" });
    if (list.length > MAX_EVENTS) return fail(400, `events: at most ${MAX_EVENTS} events per request`, { field: "events" });
    return list;
  }

  function handle(req: SimRequest): SimResponse {
    if (req.path !== "/api/v1/events") return fail(404, "not found");
    if (req.method !== "POST") return fail(405, "use POST", {}, { allow: "POST" });
    const token = req.headers["tracify-token"];
    if (!token) return fail(401, "missing tracify-token header");
    if (!keys.has(String(token))) return fail(403, "invalid tracify-token");
    const wait = perSecond ? limiter.hit(String(token)) : 0;
    if (wait > 0) return fail(429, `rate limit: ${perSecond} requests per second`, {}, { "retry-after": String(Math.ceil(wait / 1000)) });

    const list = parse(req);
    if (!Array.isArray(list)) return list;
    for (const [index, event] of list.entries()) {
      const problem = validateEvent(event, options.customerSiteIds);
      if (problem) {
        const name = `events[${index}]${problem.field ? `.${problem.field}` : ""}`;
        return fail(400, `${name} ${problem.error}`, { index, field: problem.field });
      }
    }
    let duplicated = 0;
    for (const event of list as TracifyEventRecord[]) {
      if (event.type === "purchase") {
        const key = `${event.customer_site_id}/${event.data.order_id}`;
        if (purchases.has(key)) {
          duplicates.push({ customer_site_id: event.customer_site_id, order_id: event.data.order_id });
          duplicated += 1;
          continue;
        }
        purchases.set(key, event);
      }
      events.push(event);
    }
    return { status: 200, body: { status: "ok", accepted: list.length, duplicates: duplicated } };
  }

  return {
    name: "tracify",
    handle,
    /** Every event kept, in arrival order (duplicate purchases excluded). */
    events: events as readonly TracifyEventRecord[],
    /** Purchases by "<customer_site_id>/<order_id>". */
    purchases: purchases as ReadonlyMap<string, TracifyEventRecord>,
    /** Purchases re-sent for an order id already kept. */
    duplicates: duplicates as readonly { customer_site_id: string; order_id: string }[],
    state: () => ({ events, duplicates }),
    reset() {
      events.length = 0;
      purchases.clear();
      duplicates.length = 0;
      limiter.reset();
    },
  } satisfies SimulatorDefinition & Record<string, unknown>;
}
