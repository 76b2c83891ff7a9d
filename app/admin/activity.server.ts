// Activity: the shop's outbox rows, filtered; one row with its attempt log; and retries, which go
// through replay() so a retry here is exactly the CLI's.
import type { Prisma } from "../../node_modules/.conduit/prisma-sqlite/index.js";
import prisma from "../db.server";
import { replay } from "../delivery/replay.server";
import { FAILED, REPLAYABLE } from "../delivery/states";
import { query } from "../db/run.server";
import { param } from "../db/sql.server";
import { findVendor, VENDOR_IDS } from "../vendors";
import { matchesFilter, PAGE_SIZE, statusesFor, type ActivityFilter } from "./activity-filter";
import { fewRows, type FewRow } from "./few-rows.server";
import { explainFailure, explainHeld } from "./explain";
import { WAITING } from "./status";


/**
 * Failed rows (dead, rejected: what Retry takes) are few by design, so a read of only them names
 * every vendor when none is chosen: each (vendor, status) pair is then a seek into the shop's
 * (shopId, vendor, status) index rather than a walk of its whole outbox — the failed count runs
 * on every poll of the page. Any other read walks (shopId, createdAt) newest first: naming vendors
 * would trade that for a sort of every matching row, most of the outbox for delivered ones.
 */
const failedOnly = (f: ActivityFilter) => ({ vendor: f.vendor ?? { in: VENDOR_IDS }, status: { in: REPLAYABLE } });
/** The same, of rows already read. */
const isFailed = (r: FewRow) => (REPLAYABLE as string[]).includes(r.status) && (VENDOR_IDS as string[]).includes(r.vendor);

/**
 * The failed rows `f` shows, what "Retry all" takes, when they are read here: of `few`, when `f`
 * matched few; beside a topic, found by their own index and the rest of `f` applied here (asked
 * beside a topic that most rows have, the database took (shopId, topic) and read every row of it:
 * 260 ms beside 1.2 million rows). Otherwise undefined: the database finds them by
 * (shopId, vendor, status) with `failedOnly`.
 */
async function failedHere(shopId: string, f: ActivityFilter, few: FewRow[] | undefined): Promise<FewRow[] | undefined> {
  const failed = few ?? (f.topic ? (await fewRows(shopId, { ...f, status: "failed" }))?.filter(matchesFilter(f)) : undefined);
  return failed?.filter(isFailed);
}
const readsFailedOnly = (f: ActivityFilter) => !!f.status && statusesFor(f.status).every((s) => (FAILED as string[]).includes(s));

function where(shopId: string, f: ActivityFilter): Prisma.DeliveryWhereInput {
  return {
    shopId,
    ...(readsFailedOnly(f) ? failedOnly(f) : f.vendor && { vendor: f.vendor }),
    ...(f.status && { status: { in: statusesFor(f.status) } }),
    ...(f.topic && { topic: f.topic }),
    ...(f.kind && { kind: f.kind }),
    ...(f.entity && { entityId: f.entity }),
    ...((f.from || f.to) && { createdAt: { gte: f.from, lte: f.to } }),
  };
}

const vendorName = (id: string) => findVendor(id)?.name ?? id;

/**
 * The topics among the shop's rows, for the filter: one seek per topic into (shopId, topic), each
 * for the next topic after the last. Prisma's `distinct` read every row of the shop and kept one
 * per topic in JavaScript (2 s beside 300 000 rows).
 */
export const SHOP_TOPICS = `WITH RECURSIVE "t"("topic") AS (
    SELECT min("topic") FROM "Delivery" WHERE "shopId" = ${param(1)}
    UNION ALL
    SELECT (SELECT min("topic") FROM "Delivery" WHERE "shopId" = ${param(2)} AND "topic" > "t"."topic") FROM "t" WHERE "t"."topic" IS NOT NULL)
  SELECT "topic" FROM "t" WHERE "topic" IS NOT NULL`;

/** Per vendor, why the shop's waiting rows are held, for the connections that are stopped. */
async function heldBy(shopId: string): Promise<Map<string, string>> {
  const connections = await prisma.vendorConnection.findMany({ where: { shopId }, select: { vendor: true, enabled: true, status: true, statusReason: true } });
  return new Map(connections.flatMap((c) => {
    const held = explainHeld(vendorName(c.vendor), c);
    return held ? [[c.vendor, held] as const] : [];
  }));
}

/** What the merchant reads beside a row: a stopped connection first, then the row's own failure. */
function problemOf(held: Map<string, string>, row: { vendor: string; status: string; lastError: string | null; responseStatus: number | null }) {
  const waiting = (WAITING as string[]).includes(row.status);
  return (waiting ? held.get(row.vendor) : undefined) ?? explainFailure({ vendorName: vendorName(row.vendor), ...row });
}

const ROW = { id: true, createdAt: true, vendor: true, topic: true, kind: true, entityId: true, status: true, attempts: true, lastError: true, responseStatus: true } as const;
const NEWEST_FIRST = [{ createdAt: "desc" }, { id: "desc" }] satisfies Prisma.DeliveryOrderByWithRelationInput[];

/** A page's rows, by id alone (the primary key). */
const byIds = async (ids: string[]) => (ids.length ? prisma.delivery.findMany({ where: { id: { in: ids } }, orderBy: NEWEST_FIRST, select: ROW }) : []);

export async function listDeliveries(shopId: string | null, f: ActivityFilter) {
  if (!shopId) return { rows: [], page: 1, hasNext: false, topics: [] as string[], failed: 0 };
  const page = f.page ?? 1;
  const [skip, take] = [(page - 1) * PAGE_SIZE, PAGE_SIZE + 1];
  // A filter that matches few rows has them read by its own index, then filtered and ordered here
  // (few-rows.server.ts). Otherwise the database walks the shop's outbox newest first (both prefer
  // the index that spares them a sort), which soon fills a page when many rows match.
  const few = await fewRows(shopId, f);
  // The page re-runs these every few seconds while rows are on their way.
  const [failed, found, topics, held] = await Promise.all([
    failedHere(shopId, f, few).then((rows) => rows?.length ?? prisma.delivery.count({ where: { AND: [where(shopId, f), failedOnly(f)] } })),
    few ? byIds(few.slice(skip, skip + take).map((r) => r.id)) : prisma.delivery.findMany({ where: where(shopId, f), orderBy: NEWEST_FIRST, skip, take, select: ROW }),
    query(SHOP_TOPICS, [shopId, shopId]),
    heldBy(shopId),
  ]);
  const rows = found.slice(0, PAGE_SIZE).map(({ lastError, responseStatus, ...row }) => ({
    ...row,
    vendorName: vendorName(row.vendor),
    problem: problemOf(held, { ...row, lastError, responseStatus }),
    retryable: (REPLAYABLE as string[]).includes(row.status),
  }));
  return { rows, page, hasNext: found.length > PAGE_SIZE, topics: topics.map((t) => String(t.topic)), failed };
}

export async function findDelivery(shopId: string | null, id: string) {
  if (!shopId) return null;
  const row = await prisma.delivery.findFirst({
    where: { id, shopId },
    include: {
      attemptLog: { orderBy: { at: "asc" } },
      event: { select: { webhookId: true, receivedAt: true, triggeredAt: true } },
    },
  });
  if (!row) return null;
  const name = vendorName(row.vendor);
  return { ...row, vendorName: name, problem: problemOf(await heldBy(shopId), row), retryable: (REPLAYABLE as string[]).includes(row.status) };
}

/**
 * Retries failed rows of this shop among `ids`; returns how many were revived. replay() keeps to
 * the shop's failed rows; an empty list must not reach it, where no ids means every row.
 */
export async function retryRows(shop: string, ids: string[]): Promise<number> {
  return ids.length === 0 ? 0 : (await replay({ shop, ids })).revived;
}

/** "Retry all failed" for what the filter shows (every page of it). */
export async function retryFiltered(shop: { id: string; domain: string }, f: ActivityFilter): Promise<number> {
  const { page: _page, ...filter } = f;
  const failed =
    (await failedHere(shop.id, filter, await fewRows(shop.id, filter))) ??
    (await prisma.delivery.findMany({ where: { AND: [where(shop.id, filter), failedOnly(filter)] }, select: { id: true } }));
  return retryRows(shop.domain, failed.map((r) => r.id));
}
