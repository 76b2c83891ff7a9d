// Ometria's headless tracking API (POST /api/track, HTTP Basic key:secret), as strictly as the
// seed reads: scope view|basket|order; basket actions add/remove with data{product_id, quantity};
// order actions add/cancel/return with data.order_id; user{uid, sid} required strings. View
// actions are not listed by the seed: we take the JS tag's page types. Answers are our design:
// 200 {"status":"OK","request_id"?} · 400 {"error"} naming the field · 401 bad credentials.
import type { SimRequest, SimResponse } from "../base";

export const HEADLESS_SIM = { key: "sim-headless-key", secret: "sim-headless-secret" };

const VIEW_ACTIONS = ["homepage", "product", "listing", "basket", "checkout", "confirmation", "search", "content"];
const ACTIONS: Record<string, string[]> = { view: VIEW_ACTIONS, basket: ["add", "remove"], order: ["add", "cancel", "return"] };

export interface HeadlessEvent {
  scope: string;
  action: string;
  data: Record<string, unknown>;
  user: { uid: string; sid: string };
  context?: Record<string, unknown>;
}

const isObject = (v: unknown): v is Record<string, unknown> => typeof v === "object" && v !== null && !Array.isArray(v);
const nonEmpty = (v: unknown) => typeof v === "string" && v.trim() !== "";
const bad = (error: string): SimResponse => ({ status: 400, body: { status: "ERROR", error } });

export function trackProblem(b: unknown): string | null {
  if (!isObject(b)) return "body must be a JSON object";
  if (typeof b.scope !== "string" || !ACTIONS[b.scope]) return "scope: must be view, basket or order";
  if (typeof b.action !== "string" || !ACTIONS[b.scope].includes(b.action)) return `action: must be one of ${ACTIONS[b.scope].join(", ")} for scope ${b.scope}`;
  if (!isObject(b.data)) return "data: is required (object)";
  if (!isObject(b.user) || !nonEmpty(b.user.uid) || !nonEmpty(b.user.sid)) return "user: uid and sid are required strings";
  if (b.context !== undefined && !isObject(b.context)) return "context: must be an object";
  if (b.scope === "basket") {
    if (!nonEmpty(b.data.product_id)) return "data.product_id: is required (string)";
    if (!Number.isInteger(b.data.quantity) || (b.data.quantity as number) < 1) return "data.quantity: must be a positive integer";
  }
  if (b.scope === "order" && !nonEmpty(b.data.order_id)) return "data.order_id: is required";
  if (b.scope === "view" && b.action === "product" && !nonEmpty(b.data.product_id)) return "data.product_id: is required for a product view";
  return null;
}

export function handleHeadless(req: SimRequest, creds: { key: string; secret: string }, events: HeadlessEvent[]): SimResponse {
  if (req.method !== "POST") return { status: 405, body: { status: "ERROR", error: "use POST" }, headers: { allow: "POST" } };
  const expected = `Basic ${Buffer.from(`${creds.key}:${creds.secret}`).toString("base64")}`;
  if (req.headers.authorization !== expected) return { status: 401, body: { status: "ERROR", error: "invalid or missing HTTP Basic credentials" } };
  let body: unknown;
  try {
    body = JSON.parse(req.text);
  } catch {
    return bad("body is not valid JSON");
  }
  const problem = trackProblem(body);
  if (problem) return bad(problem);
  events.push(body as HeadlessEvent);
  const requestId = (body as { request_id?: unknown }).request_id;
  return { status: 200, body: { status: "OK", ...(requestId !== undefined ? { request_id: requestId } : {}) } };
}
