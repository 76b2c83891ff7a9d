// Drains one connection's due outbox rows into vendor calls. The heart of "did every order
// arrive": rows are leased before the call and settled after it, so a crash at any point leaves
// them either settled or recoverable by the sweeper — never silently gone.
import prisma from "../db.server";
import { logger } from "../logger.server";
import { findVendor } from "../vendors";
import { AuthError, RateLimitedError, VendorError } from "../vendors/errors";
import type { DeliveryItem, ItemOutcome } from "../vendors/types";
import { coalesce, entityKey } from "./coalesce";
import { vendorContext, shopInfo } from "./context.server";
import { loadEntity, UnmappableError } from "./entities.server";
import { claimConnection, releaseConnection, renewConnection } from "./lease.server";
import { applyOutcome, retryState, skipRow, type SentRow } from "./outcomes.server";
import { policy } from "./policy";
import { DUE, Status } from "./states";
import { entityScope } from "./sync-state.server";
import { chunkItems } from "./chunk";
import { metrics } from "./metrics.server";

export interface DrainSummary {
  claimed: boolean;
  sent: number;
  /** Stopped early: vendor down, throttled or needs attention. */
  halted?: string;
}

const DRAIN_LIMIT = Number(process.env.CONDUIT_DRAIN_LIMIT ?? 500);
const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

async function deliveredStates(connectionId: string, rows: { kind: string; entityId: string }[]) {
  const states = await prisma.syncState.findMany({
    where: { connectionId, OR: rows.map((r) => ({ scope: entityScope(r.kind), key: r.entityId })) },
  });
  return new Map(states.map((s) => [entityKey({ kind: s.scope.slice("entity.".length), entityId: s.key }), s.updatedAt]));
}

export async function drainConnection(connectionId: string, owner: string): Promise<DrainSummary> {
  if (!(await claimConnection(connectionId, owner))) return { claimed: false, sent: 0 };
  try {
    return await drainClaimed(connectionId, owner);
  } finally {
    await releaseConnection(connectionId, owner).catch(() => undefined);
  }
}

async function drainClaimed(connectionId: string, owner: string): Promise<DrainSummary> {
  const now = new Date();
  const conn = await prisma.vendorConnection.findUnique({ where: { id: connectionId }, include: { shop: true } });
  const vendor = conn && findVendor(conn.vendor);
  if (!conn || !vendor || !conn.enabled || conn.status !== "active") return { claimed: true, sent: 0, halted: "connection not active" };
  if (conn.throttledUntil && conn.throttledUntil > now) return { claimed: true, sent: 0, halted: "throttled" };

  const due = await prisma.delivery.findMany({
    where: { connectionId, status: { in: DUE }, nextAttemptAt: { lte: now } },
    orderBy: { createdAt: "asc" },
    take: DRAIN_LIMIT,
    include: { event: { select: { payload: true } } },
  });
  if (due.length === 0) return { claimed: true, sent: 0 };

  const plan = coalesce(due, await deliveredStates(connectionId, due));
  for (const { row, reason } of plan.skip) await skipRow(row.id, row.status, reason);

  const shop = shopInfo(conn.shop);
  const items: (DeliveryItem & { row: (typeof due)[number] })[] = [];
  for (const row of plan.send) {
    try {
      items.push({ deliveryId: row.id, topic: row.topic, entity: await loadEntity(row, shop), row });
    } catch (err) {
      if (!(err instanceof UnmappableError)) throw err;
      await skipRow(row.id, row.status, `cannot be mapped: ${err.message}`);
    }
  }

  const ctx = vendorContext(vendor, conn);
  const gapMs = vendor.limits.callsPerSecond ? Math.ceil(1000 / vendor.limits.callsPerSecond) : 0;
  let sent = 0;
  for (const chunk of chunkItems(items, vendor.limits)) {
    await renewConnection(connectionId, owner);
    const rows = chunk.map((i) => i.row);
    await prisma.delivery.updateMany({
      where: { id: { in: rows.map((r) => r.id) } },
      data: { status: Status.inFlight, attempts: { increment: 1 }, leaseUntil: new Date(Date.now() + policy.leaseMs) },
    });
    const sentRows: SentRow[] = rows.map((r) => ({ ...r, attempts: r.attempts + 1 }));
    const started = Date.now();
    let outcomes: ItemOutcome[];
    try {
      outcomes = await vendor.deliver(ctx, chunk.map(({ row: _row, ...item }) => item));
    } catch (err) {
      const halted = await settleFailedCall(conn, sentRows, err);
      metrics.attempt(vendor.id, "failed", Date.now() - started);
      return { claimed: true, sent, halted };
    }
    const took = Date.now() - started;
    metrics.attempt(vendor.id, "ok", took);
    const byId = new Map(outcomes.map((o) => [o.deliveryId, o]));
    for (const row of sentRows) {
      const outcome = byId.get(row.id) ?? { deliveryId: row.id, status: "retry" as const, error: `${vendor.name} connector returned no outcome` };
      await applyOutcome(row, outcome, took);
      metrics.outcome(vendor.id, outcome.status);
    }
    sent += chunk.length;
    if (gapMs) await sleep(Math.max(0, gapMs - took));
  }
  return { claimed: true, sent };
}

/** The whole call failed: decide per error class, log one attempt per row. */
async function settleFailedCall(conn: { id: string; shop: { domain: string }; vendor: string }, rows: SentRow[], err: unknown): Promise<string> {
  const now = new Date();
  const message = err instanceof Error ? err.message : String(err);
  const details = err instanceof VendorError ? { httpStatus: err.httpStatus, response: err.response } : {};
  const log = logger.child({ shop: conn.shop.domain, vendor: conn.vendor, connection: conn.id });

  if (err instanceof AuthError) {
    // Only the merchant can fix credentials or payment: pause without burning attempts.
    await prisma.vendorConnection.update({ where: { id: conn.id }, data: { status: "needs_attention", statusReason: message } });
    await settle(rows, () => ({ status: Status.pending, nextAttemptAt: now }), message, details, -1);
    log.warn({ err: message }, "connection needs the merchant's attention");
    return "needs attention";
  }
  if (err instanceof RateLimitedError) {
    const waitMs = err.retryAfterMs ?? policy.baseMs;
    await prisma.vendorConnection.update({ where: { id: conn.id }, data: { throttledUntil: new Date(now.getTime() + waitMs) } });
    // Being told to slow down is not the record's fault: the attempt is not counted.
    await settle(rows, (r) => ({ ...retryState(r, now, waitMs), status: Status.retrying }), message, details, -1);
    log.info({ waitMs }, "vendor rate limit: waiting");
    return "throttled";
  }
  if (!(err instanceof VendorError)) log.error({ err }, "connector failed unexpectedly");
  await settle(rows, (r) => retryState(r, now), message, details, 0);
  return "vendor unavailable";
}

async function settle(
  rows: SentRow[],
  next: (r: SentRow) => { status: string; nextAttemptAt: Date },
  error: string,
  details: { httpStatus?: number; response?: string },
  attemptDelta: number,
) {
  for (const row of rows) {
    const state = next(row);
    await prisma.delivery.update({
      where: { id: row.id },
      data: { ...state, leaseUntil: null, lastError: error, responseStatus: details.httpStatus, responseExcerpt: details.response, attempts: { increment: attemptDelta } },
    });
    await prisma.deliveryAttempt.create({
      data: { deliveryId: row.id, fromStatus: Status.inFlight, toStatus: state.status, httpStatus: details.httpStatus, error, response: details.response },
    });
  }
}
