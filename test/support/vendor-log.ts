// What each vendor simulator accepted, read from its request log: one key per record in every
// call it answered 2xx (e.g. "customer:ada@example.com", "purchase:5901234567890"), so a drill can
// count how often each record arrived — including calls whose caller died before the answer.
import type { LoggedRequest } from "../../simulators/base";
import type { VendorId } from "../../app/vendors/types";

type Body = Record<string, unknown>;
const parse = (text: string): unknown => (text ? JSON.parse(text) : undefined);

function metrilo(r: LoggedRequest): string[] {
  const match = /^(?:\/v2)?\/(customer|category|product|order)(\/batch)?$/.exec(r.path);
  if (!match) return []; // tag/untag calls change a customer, they do not deliver one
  const body = parse(r.body) as { params?: Body; batch?: Body[] };
  const records = match[2] ? (body.batch ?? []) : [body.params ?? {}];
  return records.map((rec) => `${match[1]}:${match[1] === "customer" ? rec.email : rec.id}`);
}

function ometria(r: LoggedRequest): string[] {
  if (r.method !== "POST") return [];
  return (parse(r.body) as Body[]).map((rec) => `${rec["@type"]}:${rec.id}`);
}

function tracktor(r: LoggedRequest): string[] {
  if (r.path === "/set") return [`person:${r.query.id}`];
  const data = parse(r.query.data ?? "") as { order_id?: string } | undefined;
  return [`${r.query.action}:${data?.order_id ?? r.query.id}`];
}

function tracify(r: LoggedRequest): string[] {
  const body = parse(r.body) as { events: { type: string; data: { order_id?: string } }[] };
  return body.events.map((e) => `${e.type}:${e.data.order_id}`);
}

const READERS: Record<VendorId, (r: LoggedRequest) => string[]> = { metrilo, ometria, tracktor, tracify };

export function acceptedKeys(vendor: VendorId, requests: readonly LoggedRequest[]): string[] {
  return requests.filter((r) => typeof r.status === "number" && r.status >= 200 && r.status < 300).flatMap(READERS[vendor]);
}

/** How many times each key arrived. */
export function tally(keys: string[]): Map<string, number> {
  const counts = new Map<string, number>();
  for (const k of keys) counts.set(k, (counts.get(k) ?? 0) + 1);
  return counts;
}

/** Keys that arrived more than once. */
export const repeated = (keys: string[]) => [...tally(keys)].filter(([, n]) => n > 1).map(([k]) => k);
