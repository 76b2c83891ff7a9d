// Records what happened to rows: the new state, and one DeliveryAttempt per row per attempt.
import type { Prisma } from "../../node_modules/.conduit/prisma-sqlite/index.js";
import prisma from "../db.server";
import { insertStatements, rowId, sqlDate, updateByIds, type Statement } from "../db/sql.server";
import { excerpt } from "../vendors/http";
import type { ItemOutcome } from "../vendors/types";
import { backoffMs, isPastWindow } from "./policy";
import { Status, type DeliveryStatus } from "./states";
import { entityScope, upsertSyncStates } from "./sync-state.server";

export interface SentRow {
  id: string;
  connectionId: string;
  kind: string;
  op: string;
  entityId: string;
  entityUpdatedAt: Date | null;
  createdAt: Date;
  attempts: number;
}

const json = (v: unknown) => (v === undefined ? null : excerpt(typeof v === "string" ? v : JSON.stringify(v), 8_000));
/** The body of this attempt, when the connector said; otherwise the row keeps what it had. */
export const sentBody = (sent: unknown) => (sent === undefined ? {} : { sentBody: json(sent) });

interface AttemptDetails {
  httpStatus?: number;
  durationMs?: number;
  error?: string;
  response?: string;
}

/** The attempt-log entry of a transition; written in the same transaction as the new state. */
export function attemptEntry(rowId: string, from: string, to: string, d: AttemptDetails) {
  return prisma.deliveryAttempt.create({
    data: { deliveryId: rowId, fromStatus: from, toStatus: to, httpStatus: d.httpStatus, durationMs: d.durationMs, error: d.error, response: d.response },
  });
}

/** A failed attempt: retry after `delayMs`, or dead once the row has failed for longer than the window. */
export function retryState(row: SentRow, now: Date, delayMs: number) {
  if (isPastWindow(row.createdAt, now)) return { status: Status.dead, nextAttemptAt: now };
  return { status: Status.retrying, nextAttemptAt: new Date(now.getTime() + delayMs) };
}

/**
 * One backoff for all rows of a call. They failed together, so they retry together: a batch that
 * fell apart into rows with their own jitter would come back as many small calls, and orders
 * could then go out before the customers and products they name.
 */
export function callBackoffMs(rows: SentRow[], retryAfterMs?: number): number {
  return backoffMs(Math.max(1, ...rows.map((r) => r.attempts)), retryAfterMs);
}

export type Write = Prisma.PrismaPromise<unknown>;

/**
 * The writes that record a row's outcome, and the state it ends in; a retry waits `retryDelayMs`
 * (the call's backoff), or what a rate limit's Retry-After said. The engine commits the writes of a whole call in one
 * transaction: state, attempt log and delivered-state memory change together or not at all, so no
 * reader sees a delivered row without its attempt, or a delivery the ordering forgot.
 */
export function outcomeWrites(row: SentRow, outcome: ItemOutcome, durationMs: number, retryDelayMs: number, now = new Date()): { status: DeliveryStatus; writes: Write[] } {
  const common = { leaseUntil: null, responseStatus: "httpStatus" in outcome ? outcome.httpStatus : undefined };
  const where = { id: row.id };
  switch (outcome.status) {
    case "delivered": {
      // Deletions mark the entity gone as of now, so a late update cannot resurrect it.
      const updatedAt = row.op === "delete" ? now : row.entityUpdatedAt;
      const scope = entityScope(row.kind);
      const memory = updatedAt
        ? [prisma.syncState.upsert({
            where: { connectionId_scope_key: { connectionId: row.connectionId, scope, key: row.entityId } },
            create: { connectionId: row.connectionId, scope, key: row.entityId, updatedAt },
            update: { updatedAt, deliveredAt: now },
          })]
        : [];
      return {
        status: Status.delivered,
        writes: [
          prisma.delivery.update({
            where,
            data: { ...common, status: Status.delivered, deliveredAt: now, lastError: null, sentBody: json(outcome.sent), responseExcerpt: json(outcome.response) },
          }),
          ...memory,
          attemptEntry(row.id, Status.inFlight, Status.delivered, { httpStatus: outcome.httpStatus, durationMs, response: json(outcome.response) ?? undefined }),
        ],
      };
    }
    case "rejected":
    case "skipped": {
      const status = outcome.status === "rejected" ? Status.rejected : Status.skipped;
      return {
        status,
        writes: [
          prisma.delivery.update({ where, data: { ...common, status, lastError: outcome.reason, ...sentBody("sent" in outcome ? outcome.sent : undefined) } }),
          attemptEntry(row.id, Status.inFlight, status, { error: outcome.reason, durationMs, httpStatus: "httpStatus" in outcome ? outcome.httpStatus : undefined }),
        ],
      };
    }
    case "retry": {
      // Turned away by a rate limit (retryAfterMs): back when the vendor said, as a whole call's 429 (failed-call.server.ts).
      const next = retryState(row, now, outcome.retryAfterMs ?? retryDelayMs);
      return {
        status: next.status,
        writes: [
          prisma.delivery.update({ where, data: { ...common, ...next, lastError: outcome.error, responseExcerpt: json(outcome.response), ...sentBody(outcome.sent) } }),
          attemptEntry(row.id, Status.inFlight, next.status, { error: outcome.error, durationMs, httpStatus: outcome.httpStatus }),
        ],
      };
    }
  }
}

/** The writes that skip a row that never reached the vendor, with the reason (superseded, unmappable…). */
export function skipWrites(rowId: string, from: string, reason: string): Write[] {
  return [
    prisma.delivery.update({ where: { id: rowId }, data: { status: Status.skipped, lastError: reason, leaseUntil: null } }),
    attemptEntry(rowId, from, Status.skipped, { error: reason }),
  ];
}

/**
 * A row whose stored webhook fails its topic's schema (checked here, not at intake): rejected with the
 * reason, and so is the webhook itself, so the Overview counts it among those Conduit could not read.
 */
export function unreadableWrites(row: { id: string; eventId: string | null }, from: string, reason: string): Write[] {
  return [
    prisma.delivery.update({ where: { id: row.id }, data: { status: Status.rejected, lastError: reason, leaseUntil: null } }),
    attemptEntry(row.id, from, Status.rejected, { error: reason }),
    ...(row.eventId ? [prisma.webhookEvent.updateMany({ where: { id: row.eventId }, data: { status: "rejected", rejectReason: reason } })] : []),
  ];
}

export interface Settled {
  row: SentRow;
  outcome: ItemOutcome;
}

/**
 * The writes of a whole call's outcomes, a handful of statements however many rows: one update
 * per distinct state, one for the bodies sent, one insert of attempt entries, one refresh of the
 * delivered-state memory. Per-row writes (three statements a row) were most of a worker's time.
 * Same rows, same columns, same transaction as `outcomeWrites` — only fewer statements.
 */
export function callWrites(results: Settled[], durationMs: number, retryDelayMs: number, now = new Date()): { statuses: DeliveryStatus[]; writes: Statement[] } {
  const groups = new Map<string, { ids: string[]; data: Record<string, unknown> }>();
  const bodies = new Map<string, string | null>();
  const attempts: Record<string, unknown>[] = [];
  const memory: { connectionId: string; scope: string; key: string; updatedAt: Date }[] = [];
  const statuses = results.map(({ row, outcome }) => {
    const responseStatus = "httpStatus" in outcome ? (outcome.httpStatus ?? null) : null;
    let data: Record<string, unknown>;
    let status: DeliveryStatus;
    let sent: unknown;
    let attempt: AttemptDetails;
    if (outcome.status === "delivered") {
      status = Status.delivered;
      data = { status, deliveredAt: now, lastError: null, responseExcerpt: json(outcome.response) };
      sent = outcome.sent === undefined ? null : outcome.sent;
      attempt = { httpStatus: outcome.httpStatus, durationMs, response: json(outcome.response) ?? undefined };
      const updatedAt = row.op === "delete" ? now : row.entityUpdatedAt;
      if (updatedAt) memory.push({ connectionId: row.connectionId, scope: entityScope(row.kind), key: row.entityId, updatedAt });
    } else if (outcome.status === "retry") {
      // Turned away by a rate limit (retryAfterMs): back when the vendor said, as a whole call's 429 (failed-call.server.ts).
      const next = retryState(row, now, outcome.retryAfterMs ?? retryDelayMs);
      status = next.status;
      data = { ...next, lastError: outcome.error, responseExcerpt: json(outcome.response) };
      sent = outcome.sent;
      attempt = { error: outcome.error, durationMs, httpStatus: outcome.httpStatus };
    } else {
      status = outcome.status === "rejected" ? Status.rejected : Status.skipped;
      data = { status, lastError: outcome.reason };
      sent = "sent" in outcome ? outcome.sent : undefined;
      attempt = { error: outcome.reason, durationMs, httpStatus: "httpStatus" in outcome ? outcome.httpStatus : undefined };
    }
    data = { ...data, leaseUntil: null, responseStatus };
    const key = JSON.stringify(data);
    const group = groups.get(key) ?? { ids: [], data };
    group.ids.push(row.id);
    groups.set(key, group);
    // A delivered row always records its body (null when the connector said none); others keep what they had.
    if (sent !== undefined) bodies.set(row.id, sent === null ? null : json(sent));
    attempts.push({ deliveryId: row.id, fromStatus: Status.inFlight, toStatus: status, ...attempt });
    return status;
  });

  // Plain SQL, run in one transaction by the caller: the same rows Prisma would write, without
  // its query compiler, which spent 18 ms of CPU on a createMany of a call's 100 attempt entries
  // (four times the statement's own cost) — a third of an import worker's time.
  // The bodies go in the same UPDATE as the state: a second UPDATE wrote every row again, and on
  // PostgreSQL each new version of a row is one more entry in each of Delivery's seven indexes.
  const writes: Statement[] = [...groups.values()].map((g) => {
    const values = new Map(g.ids.flatMap((id) => (bodies.has(id) ? [[id, bodies.get(id)] as const] : [])));
    return updateByIds("Delivery", g.ids, { ...g.data, updatedAt: now }, {}, { column: "sentBody", values });
  });
  const at = sqlDate(now);
  writes.push(...insertStatements("DeliveryAttempt", ATTEMPT_COLUMNS, attempts.map((a) => [rowId(), a.deliveryId, at, a.fromStatus, a.toStatus, a.httpStatus ?? null, a.durationMs ?? null, a.error ?? null, a.response ?? null])));
  if (memory.length) {
    // The newest state delivered per entity (one drainer per connection holds the lease).
    writes.push(...upsertSyncStates(memory.map((m) => ({ ...m, memo: null, deliveredAt: now }))));
  }
  return { statuses, writes };
}

const ATTEMPT_COLUMNS = ["id", "deliveryId", "at", "fromStatus", "toStatus", "httpStatus", "durationMs", "error", "response"];
