// Activity: the shop's outbox rows, filtered; one row with its attempt log; and retries, which go
// through replay() so a retry here is exactly the CLI's.
import type { Prisma } from "../../node_modules/.conduit/prisma-sqlite/index.js";
import prisma from "../db.server";
import { replay } from "../delivery/replay.server";
import { REPLAYABLE } from "../delivery/states";
import { findVendor } from "../vendors";
import { PAGE_SIZE, statusesFor, type ActivityFilter } from "./activity-filter";
import { explainFailure, explainHeld } from "./explain";
import { WAITING } from "./status";

function where(shopId: string, f: ActivityFilter): Prisma.DeliveryWhereInput {
  return {
    shopId,
    ...(f.vendor && { vendor: f.vendor }),
    ...(f.status && { status: { in: statusesFor(f.status) } }),
    ...(f.topic && { topic: f.topic }),
    ...(f.kind && { kind: f.kind }),
    ...(f.entity && { entityId: f.entity }),
    ...((f.from || f.to) && { createdAt: { gte: f.from, lte: f.to } }),
  };
}

const vendorName = (id: string) => findVendor(id)?.name ?? id;

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

export async function listDeliveries(shopId: string | null, f: ActivityFilter) {
  if (!shopId) return { rows: [], page: 1, hasNext: false, topics: [] as string[], failed: 0 };
  const page = f.page ?? 1;
  // Independent reads, and the page re-runs them every few seconds while rows are on their way.
  const [found, failed, topics, held] = await Promise.all([
    prisma.delivery.findMany({
      where: where(shopId, f),
      orderBy: [{ createdAt: "desc" }, { id: "desc" }],
      skip: (page - 1) * PAGE_SIZE,
      take: PAGE_SIZE + 1,
      select: { id: true, createdAt: true, vendor: true, topic: true, kind: true, entityId: true, status: true, attempts: true, lastError: true, responseStatus: true },
    }),
    prisma.delivery.count({ where: { AND: [where(shopId, f), { status: { in: REPLAYABLE } }] } }),
    prisma.delivery.findMany({ where: { shopId }, distinct: ["topic"], select: { topic: true }, orderBy: { topic: "asc" } }),
    heldBy(shopId),
  ]);
  const rows = found.slice(0, PAGE_SIZE).map(({ lastError, responseStatus, ...row }) => ({
    ...row,
    vendorName: vendorName(row.vendor),
    problem: problemOf(held, { ...row, lastError, responseStatus }),
    retryable: (REPLAYABLE as string[]).includes(row.status),
  }));
  return { rows, page, hasNext: found.length > PAGE_SIZE, topics: topics.map((t) => t.topic), failed };
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
  const failed = await prisma.delivery.findMany({
    where: { AND: [where(shop.id, filter), { status: { in: REPLAYABLE } }] },
    select: { id: true },
  });
  return retryRows(shop.domain, failed.map((r) => r.id));
}
