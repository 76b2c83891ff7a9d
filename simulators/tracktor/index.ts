// Tracktor.io HTTP API simulator: GET-only `/set` and `/track` with sid, ts, id, optional sign and
// JSON `data`; `/alias` with srcid, destid and destsign (signed like `sign`, over destid). An alias
// cannot be undone: re-aliasing a source to another person is refused (409). Status codes and error bodies are our design (the vendor documents none):
//   200 {"status":"ok"} · 400 a parameter is missing or invalid (named in `error`) · 401 unknown sid ·
//   403 bad or (with "allow only signed data") missing sign · 405 not a GET · 429 over `callsPerSecond` per sid.
// Tracktor.io documents no rate limit, so by default there is none; a drill sets one to see 429s handled.
import { createHmac } from "node:crypto";
import { rateLimiter, type SimRequest, type SimResponse, type SimulatorDefinition } from "../base";

export interface TracktorSimOptions {
  token: string;
  signatureSecret?: string;
  /** The app's "Allow only signed data" option. */
  requireSigned?: boolean;
  /** Calls a second per sid before 429 + Retry-After; none by default (Tracktor.io documents no limit). */
  callsPerSecond?: number;
}

export interface TrackedEvent {
  id: string;
  action: string;
  data: Record<string, unknown>;
  ts: number;
}

/** How far `ts` may be from the simulator's clock. */
export const TS_WINDOW_SECONDS = 600;

const fail = (status: number, error: string, headers?: Record<string, string>): SimResponse => ({
  status,
  body: { status: "error", error },
  headers,
});

const isObject = (v: unknown): v is Record<string, unknown> => typeof v === "object" && v !== null && !Array.isArray(v);

type Parsed = { data: Record<string, unknown> } | { error: SimResponse };

function parseData(raw: string | null, required: boolean): Parsed {
  if (raw === null) return required ? { error: fail(400, "missing parameter: data") } : { data: {} };
  let data: unknown;
  try {
    data = JSON.parse(raw);
  } catch {
    // Also what a JS object literal such as {plan:'Gold'} gets.
    return { error: fail(400, "invalid parameter data: not valid JSON") };
  }
  return isObject(data) ? { data } : { error: fail(400, "invalid parameter data: must be a JSON object") };
}

export function createTracktorSimulator(options: TracktorSimOptions) {
  const people = new Map<string, Record<string, unknown>>();
  const events: TrackedEvent[] = [];
  /** srcid → destid: merged people. */
  const aliases = new Map<string, string>();
  const limiter = options.callsPerSecond ? rateLimiter(options.callsPerSecond) : null;

  const expectedSign = (id: string) =>
    options.signatureSecret ? createHmac("sha256", options.signatureSecret).update(id).digest("hex").toUpperCase() : null;

  function aliasPerson(q: URLSearchParams): SimResponse {
    const srcid = q.get("srcid");
    const destid = q.get("destid");
    if (!srcid) return fail(400, "missing parameter: srcid");
    if (!destid) return fail(400, "missing parameter: destid");
    if (srcid === destid) return fail(400, "invalid parameter destid: same as srcid");
    const destsign = q.get("destsign");
    if (destsign !== null && destsign !== expectedSign(destid)) return fail(403, "invalid parameter destsign: signature does not match destid");
    if (destsign === null && options.requireSigned) return fail(403, "missing parameter destsign: this app accepts only signed data");
    const before = aliases.get(srcid);
    if (before && before !== destid) return fail(409, `srcid ${srcid} is already merged into ${before}`);
    aliases.set(srcid, destid);
    return { status: 200, body: { status: "ok" } };
  }

  function handle(req: SimRequest): SimResponse {
    if (req.path !== "/set" && req.path !== "/track" && req.path !== "/alias") return fail(404, `unknown method ${req.path}`);
    if (req.method !== "GET") return fail(405, "all methods use HTTP GET", { allow: "GET" });
    const q = req.query;
    const sid = q.get("sid");
    if (!sid) return fail(400, "missing parameter: sid");
    if (sid !== options.token) return fail(401, "unknown application token (sid)");
    const wait = limiter?.hit(sid) ?? 0;
    if (wait > 0) return fail(429, `rate limit: ${options.callsPerSecond} calls per second`, { "retry-after": String(Math.ceil(wait / 1000)) });

    const ts = q.get("ts");
    if (ts === null) return fail(400, "missing parameter: ts");
    if (!/^\d+$/.test(ts)) return fail(400, "invalid parameter ts: must be a Unix timestamp in seconds");
    if (Math.abs(Number(ts) - Date.now() / 1000) > TS_WINDOW_SECONDS) return fail(400, "invalid parameter ts: too far from the current time");
    if (req.path === "/alias") return aliasPerson(q);
    const id = q.get("id");
    if (!id) return fail(400, "missing parameter: id");

    const sign = q.get("sign");
    if (sign !== null && sign !== expectedSign(id)) return fail(403, "invalid parameter sign: signature does not match the identity");
    if (sign === null && options.requireSigned) return fail(403, "missing parameter sign: this app accepts only signed data");

    if (req.path === "/set") {
      const parsed = parseData(q.get("data"), true);
      if ("error" in parsed) return parsed.error;
      const person = { ...(people.get(id) ?? {}) };
      for (const [key, value] of Object.entries(parsed.data)) {
        if (value === null) delete person[key];
        else person[key] = value;
      }
      people.set(id, person);
    } else {
      const action = q.get("action");
      if (!action) return fail(400, "missing parameter: action");
      const parsed = parseData(q.get("data"), false);
      if ("error" in parsed) return parsed.error;
      events.push({ id, action, data: parsed.data, ts: Number(ts) });
    }
    return { status: 200, body: { status: "ok" } };
  }

  return {
    name: "tracktor",
    handle,
    /** Person properties by identity (merged; null deleted them). */
    people: people as ReadonlyMap<string, Record<string, unknown>>,
    events: events as readonly TrackedEvent[],
    aliases: aliases as ReadonlyMap<string, string>,
    state: () => ({ people: Object.fromEntries(people), events, aliases: Object.fromEntries(aliases) }),
    reset() {
      people.clear();
      aliases.clear();
      events.length = 0;
      limiter?.reset();
    },
  } satisfies SimulatorDefinition & Record<string, unknown>;
}
