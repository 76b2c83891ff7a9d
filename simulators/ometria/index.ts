// Ometria's ecommerce push API (api.ometria.com/v2/push): one account, its API key, the
// 4-requests-a-second limit, per-record validation with the 2xx-but-rejected answer, and the
// recent-errors list that explains which records were refused.
import { rateLimiter, type SimRequest, type SimResponse, type SimulatorDefinition } from "../base";
import { recordProblem, type RecordType } from "./validate";
import { handleHeadless, HEADLESS_SIM, type HeadlessEvent } from "./headless";

export const OMETRIA_SIM_API_KEY = "sim-ometria-key";
const MAX_RECORDS = 100;
const ERRORS_KEPT = 200;

export interface OmetriaStoredRecord {
  "@type": RecordType;
  id: string;
  [field: string]: unknown;
}

export interface OmetriaPushError {
  "@type": string | null;
  id: string | null;
  reason: string;
  timestamp: string;
}

export interface OmetriaSimulator extends SimulatorDefinition {
  contacts: Map<string, OmetriaStoredRecord>;
  products: Map<string, OmetriaStoredRecord>;
  orders: Map<string, OmetriaStoredRecord>;
  /** Newest first, as `GET /v2/push/_errors` lists them. */
  errors: OmetriaPushError[];
  /** Headless tracking calls (POST /api/track) kept, in arrival order. */
  tracked: HeadlessEvent[];
  /** From now on, refuse records for which `rule` gives a reason (until reset). */
  refuseRecords(rule: (record: OmetriaStoredRecord) => string | null): void;
}

const fail = (status: number, message: string, headers?: Record<string, string>): SimResponse => ({
  status,
  body: { status: "ERROR", message },
  headers,
});

export function createOmetriaSimulator({ apiKey = OMETRIA_SIM_API_KEY, headless = HEADLESS_SIM }: { apiKey?: string; headless?: { key: string; secret: string } } = {}): OmetriaSimulator {
  const tracked: HeadlessEvent[] = [];
  const stores: Record<RecordType, Map<string, OmetriaStoredRecord>> = {
    contact: new Map(),
    product: new Map(),
    order: new Map(),
  };
  const errors: OmetriaPushError[] = [];
  const limiter = rateLimiter(4, 1000);
  // Fault injection at record level: refusals a real account produces for reasons of its own
  // (blocked domains, account rules) that no payload check here can foresee.
  let refusals: ((record: OmetriaStoredRecord) => string | null)[] = [];

  function push(req: SimRequest): SimResponse {
    let body: unknown;
    try {
      body = JSON.parse(req.text);
    } catch {
      return fail(400, "Body is not valid JSON");
    }
    if (!Array.isArray(body)) return fail(400, "Body must be a JSON array of records");
    if (body.length > MAX_RECORDS) {
      return fail(400, `Too many records: ${body.length}; a push takes at most ${MAX_RECORDS}`);
    }
    let accepted = 0;
    for (const raw of body) {
      const problem =
        recordProblem(raw, (type, id) => stores[type].has(id)) ??
        refusals.map((refuse) => refuse(raw as OmetriaStoredRecord)).find((reason) => reason) ??
        null;
      const r = raw as Partial<OmetriaStoredRecord>;
      if (problem) {
        errors.unshift({
          "@type": typeof r?.["@type"] === "string" ? r["@type"] : null,
          id: typeof r?.id === "string" ? r.id : null,
          reason: problem,
          timestamp: new Date().toISOString(),
        });
        continue;
      }
      const record = raw as OmetriaStoredRecord;
      const store = stores[record["@type"]];
      store.set(record.id, { ...store.get(record.id), ...record });
      accepted += 1;
    }
    errors.splice(ERRORS_KEPT);
    return { status: 200, body: { status: "OK", accepted, rejected: body.length - accepted } };
  }

  return {
    name: "ometria",
    contacts: stores.contact,
    products: stores.product,
    orders: stores.order,
    errors,
    refuseRecords(rule) {
      refusals.push(rule);
    },
    tracked,
    handle(req) {
      // The headless API lives on its own host in reality; one simulator serves both here.
      if (req.path === "/api/track") return handleHeadless(req, headless, tracked);
      const isPush = req.method === "POST" && req.path === "/v2/push";
      const isErrors = req.method === "GET" && req.path === "/v2/push/_errors";
      if (!isPush && !isErrors) return fail(404, `No route ${req.method} ${req.path}`);
      if (req.headers["x-ometria-auth"] !== apiKey) return fail(401, "Invalid or missing X-Ometria-Auth API key");
      if (limiter.hit(apiKey) > 0) {
        return fail(429, "Rate limit exceeded: 4 requests per second per account", { "Retry-After": "1" });
      }
      return isPush ? push(req) : { status: 200, body: errors };
    },
    state: () => ({
      contacts: [...stores.contact.values()],
      products: [...stores.product.values()],
      orders: [...stores.order.values()],
      errors,
      tracked,
    }),
    reset() {
      for (const store of Object.values(stores)) store.clear();
      errors.length = 0;
      tracked.length = 0;
      refusals = [];
      limiter.reset();
    },
  };
}
