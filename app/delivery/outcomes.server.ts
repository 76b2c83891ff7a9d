// Records what happened to rows: the new state, and one DeliveryAttempt per row per attempt.
import prisma from "../db.server";
import { excerpt } from "../vendors/http";
import type { ItemOutcome } from "../vendors/types";
import { backoffMs, isPastWindow } from "./policy";
import { Status, type DeliveryStatus } from "./states";
import { entityScope } from "./sync-state.server";

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

async function log(rowId: string, from: string, to: DeliveryStatus, d: { httpStatus?: number; durationMs?: number; error?: string; response?: string }) {
  await prisma.deliveryAttempt.create({
    data: { deliveryId: rowId, fromStatus: from, toStatus: to, httpStatus: d.httpStatus, durationMs: d.durationMs, error: d.error, response: d.response },
  });
}

/** A failed attempt: retry later, or dead once the row has failed for longer than the window. */
export function retryState(row: SentRow, now: Date, retryAfterMs?: number) {
  if (isPastWindow(row.createdAt, now)) return { status: Status.dead, nextAttemptAt: now };
  return { status: Status.retrying, nextAttemptAt: new Date(now.getTime() + backoffMs(row.attempts, retryAfterMs)) };
}

export async function applyOutcome(row: SentRow, outcome: ItemOutcome, durationMs: number, now = new Date()) {
  const common = { leaseUntil: null, responseStatus: "httpStatus" in outcome ? outcome.httpStatus : undefined };
  switch (outcome.status) {
    case "delivered": {
      await prisma.delivery.update({
        where: { id: row.id },
        data: { ...common, status: Status.delivered, deliveredAt: now, lastError: null, sentBody: json(outcome.sent), responseExcerpt: json(outcome.response) },
      });
      // Deletions mark the entity gone as of now, so a late update cannot resurrect it.
      const updatedAt = row.op === "delete" ? now : row.entityUpdatedAt;
      if (updatedAt) {
        await prisma.syncState.upsert({
          where: { connectionId_scope_key: { connectionId: row.connectionId, scope: entityScope(row.kind), key: row.entityId } },
          create: { connectionId: row.connectionId, scope: entityScope(row.kind), key: row.entityId, updatedAt },
          update: { updatedAt, deliveredAt: now },
        });
      }
      return log(row.id, Status.inFlight, Status.delivered, { httpStatus: outcome.httpStatus, durationMs, response: json(outcome.response) ?? undefined });
    }
    case "rejected":
    case "skipped": {
      const status = outcome.status === "rejected" ? Status.rejected : Status.skipped;
      const sent = outcome.status === "rejected" ? json(outcome.sent) : null;
      await prisma.delivery.update({ where: { id: row.id }, data: { ...common, status, lastError: outcome.reason, ...(sent ? { sentBody: sent } : {}) } });
      return log(row.id, Status.inFlight, status, { error: outcome.reason, durationMs, httpStatus: "httpStatus" in outcome ? outcome.httpStatus : undefined });
    }
    case "retry": {
      const next = retryState(row, now, outcome.retryAfterMs);
      await prisma.delivery.update({ where: { id: row.id }, data: { ...common, ...next, lastError: outcome.error, responseExcerpt: json(outcome.response) } });
      return log(row.id, Status.inFlight, next.status, { error: outcome.error, durationMs, httpStatus: outcome.httpStatus });
    }
  }
}

/** Rows that never reached the vendor get skipped with the reason (superseded, unmappable…). */
export async function skipRow(rowId: string, from: string, reason: string) {
  await prisma.delivery.update({ where: { id: rowId }, data: { status: Status.skipped, lastError: reason, leaseUntil: null } });
  await log(rowId, from, Status.skipped, { error: reason });
}
