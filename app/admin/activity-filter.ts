// The Activity page's filter lives in the URL (?vendor=metrilo&status=failed&…), so any view of
// it can be shared or linked to, e.g. from the Overview's "what is missing".
import { z } from "zod";
import { STATUS_GROUPS, DELIVERY_LABEL } from "./status";

export const PAGE_SIZE = 25;

const text = z.string().trim().min(1).max(200);
/** An ISO time, or a `datetime-local` value (no zone), read as UTC. */
const time = z
  .string()
  .trim()
  .transform((v) => new Date(/(Z|[+-]\d\d:\d\d)$/.test(v) ? v : `${v}Z`))
  .refine((d) => !Number.isNaN(d.getTime()));

const fields = {
  vendor: text,
  status: z.string().refine((s) => s in STATUS_GROUPS || s in DELIVERY_LABEL),
  topic: text,
  kind: text,
  entity: text,
  from: time,
  to: time,
  page: z.coerce.number().int().min(1).max(10_000),
};

export type ActivityFilter = { [K in keyof typeof fields]?: z.output<(typeof fields)[K]> };

/** Unknown or malformed parameters are ignored rather than failing the page. */
export function parseFilter(params: URLSearchParams): ActivityFilter {
  const filter: Record<string, unknown> = {};
  for (const [key, schema] of Object.entries(fields)) {
    const raw = params.get(key);
    if (raw === null || raw === "") continue;
    const parsed = schema.safeParse(raw);
    if (parsed.success) filter[key] = parsed.data;
  }
  return filter as ActivityFilter;
}

export function statusesFor(status: string): string[] {
  return STATUS_GROUPS[status] ?? [status];
}

type Matchable = { id: string; createdAt: Date; vendor: string; status: string; topic: string; kind: string; entityId: string };

/** The filter applied to rows already read (a few of them: app/admin/few-rows.server.ts). */
export const matchesFilter = (f: ActivityFilter) => (r: Matchable) =>
  (!f.entity || r.entityId === f.entity) &&
  (!f.vendor || r.vendor === f.vendor) &&
  (!f.status || statusesFor(f.status).includes(r.status)) &&
  (!f.topic || r.topic === f.topic) &&
  (!f.kind || r.kind === f.kind) &&
  (!f.from || r.createdAt >= f.from) &&
  (!f.to || r.createdAt <= f.to);

/** The page's order: newest first, ties broken by id (ids are ordered by creation too). */
export const newestFirst = (a: { id: string; createdAt: Date }, b: { id: string; createdAt: Date }) =>
  b.createdAt.getTime() - a.createdAt.getTime() || (a.id < b.id ? 1 : a.id > b.id ? -1 : 0);

/** The query string for a filter; `page` is dropped unless given, so a new filter starts on page 1. */
export function filterSearch(filter: ActivityFilter): string {
  const params = new URLSearchParams();
  for (const [key, value] of Object.entries(filter)) {
    if (value === undefined || value === "") continue;
    params.set(key, value instanceof Date ? value.toISOString() : String(value));
  }
  const s = params.toString();
  return s ? `?${s}` : "";
}
