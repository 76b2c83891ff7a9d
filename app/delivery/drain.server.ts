// Drains one connection's due outbox rows into vendor calls. The heart of "did every order
// arrive": rows are leased before the call and settled after it, so a crash at any point leaves
// them either settled or recoverable by the sweeper — never silently gone.
import prisma from "../db.server";
import { inTransaction, query, runEach } from "../db/run.server";
import { updateByIds } from "../db/sql.server";
import { logger } from "../logger.server";
import { findVendor } from "../vendors";
import type { DeliveryItem, ItemOutcome } from "../vendors/types";
import { coalesce, entityKey } from "./coalesce";
import { vendorContext } from "./context.server";
import { adminLookupFor, enrichEntity, shopInfoFor } from "../enrich/enrich.server";
import { InvalidStoredPayloadError, loadEntity, UnmappableError, withPayloads, type LoadedRow } from "./entities.server";
import { settleFailedCall, throttleConnection } from "./failed-call.server";
import { claimConnection, keepLeases, releaseConnection, renewConnection } from "./lease.server";
import { callBackoffMs, callWrites, skipWrites, unreadableWrites, type SentRow, type Write } from "./outcomes.server";
import { paceCall } from "../vendors/pace";
import { policy } from "./policy";
import { dueRows } from "./due.server";
import { Status } from "./states";
import { callStateStore, entityScope, stateStatements, syncStateStore } from "./sync-state.server";
import { saveKept, saveOrKeep } from "./unsaved-outcomes";
import { chunkItems } from "./chunk";
import { metrics } from "./metrics.server";
import { forgetRedactedDuring } from "../privacy/in-flight.server";
import { holdIfUnreadable } from "../connections/readable.server";
import { envCount } from "../env";

export interface DrainSummary {
  claimed: boolean;
  sent: number;
  /** Stopped early: vendor down, throttled, needs attention, or the process is stopping. */
  halted?: string;
}

export interface DrainOptions {
  /** Asked between vendor calls: true once the process is shutting down (SIGTERM). */
  stopping?: () => boolean;
}

const DRAIN_LIMIT = envCount("CONDUIT_DRAIN_LIMIT", 500);
/** Rows whose payloads are in memory at once, per lane (at least one vendor call's worth). */
const DRAIN_WINDOW = envCount("CONDUIT_DRAIN_WINDOW", 100);
/** A call's outcome statements fail after this long each (a lock held elsewhere); the outcome is then kept (unsaved-outcomes.ts). */
const OUTCOME_TIMEOUT_MS = 30_000;

/**
 * The newest delivered state of each entity of these rows: one read per kind, keys in chunks — an
 * OR of (scope, key) pairs for a 500-row drain went past SQLite's limit on query parameters.
 */
async function deliveredStates(connectionId: string, rows: { kind: string; entityId: string }[]) {
  const found = new Map<string, Date | null>();
  for (const kind of new Set(rows.map((r) => r.kind))) {
    const keys = [...new Set(rows.filter((r) => r.kind === kind).map((r) => r.entityId))];
    for (let i = 0; i < keys.length; i += 400) {
      const states = await syncStateStore(connectionId).getMany(entityScope(kind), keys.slice(i, i + 400));
      for (const [key, s] of states) found.set(entityKey({ kind, entityId: key }), s.updatedAt);
    }
  }
  return found;
}

export async function drainConnection(connectionId: string, owner: string, opts: DrainOptions = {}): Promise<DrainSummary> {
  if (!(await claimConnection(connectionId, owner))) return { claimed: false, sent: 0 };
  const since = new Date();
  try {
    return await drainClaimed(connectionId, owner, opts);
  } finally {
    // A customers/redact that completed while a call was in flight is not undone when it settles.
    await forgetRedactedDuring(connectionId, since).catch((err) => logger.error({ err, connection: connectionId }, "privacy check after a drain failed"));
    await releaseConnection(connectionId, owner).catch(() => undefined);
  }
}

async function drainClaimed(connectionId: string, owner: string, opts: DrainOptions): Promise<DrainSummary> {
  // Outcomes of calls this process made while the database was away come first (see the module).
  await saveKept(connectionId);
  const now = new Date();
  const conn = await prisma.vendorConnection.findUnique({ where: { id: connectionId }, include: { shop: true } });
  const vendor = conn && findVendor(conn.vendor);
  if (!conn || !vendor || !conn.enabled || conn.status !== "active") return { claimed: true, sent: 0, halted: "connection not active" };
  if (conn.throttledUntil && conn.throttledUntil > now) return { claimed: true, sent: 0, halted: "throttled" };
  const log = logger.child({ shop: conn.shop.domain, vendor: vendor.id, connection: conn.id, worker: owner });
  if (await holdIfUnreadable(conn)) return { claimed: true, sent: 0, halted: "needs attention: secrets unreadable" };

  // Rows without their payloads: a 500-row drain of 10 KB orders, in each of the worker's lanes, was
  // most of a worker's memory (issue 11). Payloads are read a window at a time, below.
  const due = await dueRows(connectionId, now, DRAIN_LIMIT);
  if (due.length === 0) return { claimed: true, sent: 0 };

  const plan = coalesce(due, await deliveredStates(connectionId, due));
  if (plan.skip.length) {
    await prisma.$transaction(plan.skip.flatMap(({ row, reason }) => skipWrites(row.id, row.status, reason)));
    for (let i = 0; i < plan.skip.length; i++) metrics.outcome(vendor.id, Status.skipped);
  }
  // What the payloads lack and the Admin API knows (primary domain, collections), best effort —
  // and only when something is to be sent.
  const lookup = plan.send.length ? await adminLookupFor(conn.shop.domain) : null;
  const shop = await shopInfoFor(conn.shop, lookup);
  const state = callStateStore(conn.id);
  const ctx = { ...vendorContext(vendor, conn), shop, state };
  const perSecond = vendor.limits.callsPerSecond;
  let sent = 0;
  // Whole vendor calls per window, so windows never make calls smaller.
  const window = Math.ceil(DRAIN_WINDOW / vendor.limits.maxRecordsPerCall) * vendor.limits.maxRecordsPerCall;
  for (let at = 0; at < plan.send.length; at += window) {
    if (opts.stopping?.()) return { claimed: true, sent, halted: "stopping" };
    const items = await mapWindow(await withPayloads(plan.send.slice(at, at + window)), shop, lookup, vendor.id, log);
    for (const chunk of chunkItems(items, vendor.limits)) {
      // Between calls, never during one: a call under way finishes and is recorded before exit.
      if (opts.stopping?.()) return { claimed: true, sent, halted: "stopping" };
      // The account's turn (app/vendors/pace.ts), given back once the vendor answered; shutting
      // down during the wait starts nothing.
      const answered = perSecond ? await paceCall(connectionId, perSecond) : () => undefined;
      const rows = chunk.map((i) => i.row);
      const deliveries = rows.map((r) => r.id);
      const sentRows: SentRow[] = rows.map((r) => ({ ...r, attempts: r.attempts + 1 }));
      let started = 0;
      let stopRenewing = () => {};
      let outcomes: ItemOutcome[] | undefined;
      let failure: { err: unknown } | undefined;
      try {
        if (opts.stopping?.()) return { claimed: true, sent, halted: "stopping" };
        await renewConnection(connectionId, owner);
        // Plain SQL, not through Prisma: its compile of this one update was more CPU than the
        // statement (outcomes.server.ts), and its raw path still ~3× the driver's own.
        const inFlight = updateByIds("Delivery", deliveries, { status: Status.inFlight, leaseUntil: new Date(Date.now() + policy.leaseMs), updatedAt: new Date() }, { attempts: `"attempts" + 1` });
        await query(inFlight.sql, inFlight.args);
        started = Date.now();
        stopRenewing = keepLeases(connectionId, owner, deliveries);
        outcomes = await vendor.deliver(ctx, chunk.map(({ row: _row, ...item }) => item));
      } catch (err) {
        if (!started) throw err;
        failure = { err };
      } finally {
        answered();
      }
      if (failure || !outcomes) {
        const err = failure?.err;
        stopRenewing();
        metrics.attempt(vendor.id, "failed", Date.now() - started);
        // What the vendor took before the call failed (a Tracify batch before a refused one) stays known.
        const remembered = state.writes();
        if (remembered.length) await prisma.$transaction(remembered);
        return { claimed: true, sent, halted: await settleFailedCall(conn, sentRows, err, log) };
      }
      stopRenewing();
      const took = Date.now() - started;
      metrics.attempt(vendor.id, "ok", took);
      const byId = new Map(outcomes.map((o) => [o.deliveryId, o]));
      const retryDelayMs = callBackoffMs(sentRows);
      const settledRows = sentRows.map((row) => ({
        row,
        outcome: byId.get(row.id) ?? ({ deliveryId: row.id, status: "retry", error: `${vendor.name} connector returned no outcome` } as ItemOutcome),
      }));
      // One commit for the whole call, of a few statements however many records it carried.
      const settledAt = new Date();
      const sets = state.takePending();
      const { statuses, writes } = callWrites(settledRows, took, retryDelayMs, settledAt);
      // Plain statements, so a retry after an outage (unsaved-outcomes.ts) runs the same ones again.
      const all = [...writes, ...stateStatements(connectionId, sets)];
      // Through the driver, not prisma.$transaction: Prisma's handling of a call's few raw
      // statements cost ~3× their own CPU (docs/scaling.md).
      await saveOrKeep(connectionId, () => inTransaction(OUTCOME_TIMEOUT_MS, (q) => runEach(q, all)));
      const results = settledRows.map((r, i) => ({ ...r, status: statuses[i] }));
      const settled: Record<string, number> = {};
      let waitMs = 0;
      for (const { row, outcome, status } of results) {
        settled[status] = (settled[status] ?? 0) + 1;
        metrics.outcome(vendor.id, status === Status.retrying ? "retry" : status);
        if (outcome.status === "retry") {
          waitMs = Math.max(waitMs, outcome.retryAfterMs ?? 0);
          log.warn({ delivery: row.id, status, err: outcome.error, httpStatus: outcome.httpStatus }, "delivery not accepted; will retry");
        } else if (outcome.status === "rejected") {
          log.warn({ delivery: row.id, err: outcome.reason, httpStatus: outcome.httpStatus }, "delivery rejected by the vendor");
        }
      }
      log.info({ deliveries, settled, ms: took }, "vendor call settled");
      sent += chunk.length;
      if (waitMs > 0) {
        // The vendor said "slow down" part-way through the call: the whole account waits, not only
        // the rows that were turned away, or the next call would ignore its Retry-After.
        await throttleConnection(connectionId, waitMs);
        log.info({ waitMs }, "vendor rate limit: waiting");
        return { claimed: true, sent, halted: "throttled" };
      }
    }
  }
  return { claimed: true, sent };
}

/**
 * Maps a window of rows to delivery items; rows that cannot be mapped are settled here (skipped, or
 * rejected when their webhook is not a valid payload) and left out.
 */
async function mapWindow(rows: LoadedRow[], shop: Awaited<ReturnType<typeof shopInfoFor>>, lookup: Awaited<ReturnType<typeof adminLookupFor>>, vendorId: string, log: typeof logger) {
  const items: (DeliveryItem & { row: LoadedRow })[] = [];
  const writes: Write[] = [];
  let skipped = 0;
  let rejected = 0;
  for (const row of rows) {
    try {
      items.push({ deliveryId: row.id, topic: row.topic, entity: await enrichEntity(await loadEntity(row, shop), lookup), row });
    } catch (err) {
      if (!(err instanceof UnmappableError)) throw err;
      if (err instanceof InvalidStoredPayloadError) {
        writes.push(...unreadableWrites(row, row.status, err.message));
        rejected++;
        log.warn({ delivery: row.id, reason: err.message }, "delivery rejected: its webhook is not a valid payload");
        continue;
      }
      writes.push(...skipWrites(row.id, row.status, `cannot be mapped: ${err.message}`));
      skipped++;
      log.warn({ delivery: row.id, reason: err.message }, "delivery skipped: cannot be mapped");
    }
  }
  if (writes.length) await prisma.$transaction(writes);
  for (let i = 0; i < skipped; i++) metrics.outcome(vendorId, Status.skipped);
  for (let i = 0; i < rejected; i++) metrics.outcome(vendorId, Status.rejected);
  return items;
}
