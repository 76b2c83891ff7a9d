// Turns a connection's due rows into what to send: one row per entity carrying its newest state,
// never older than what the vendor already has, in dependency order (customers and catalogue
// before the orders that name them). Everything else is skipped with the reason why.
import type { EntityKind } from "../domain/types";

export interface DueRow {
  id: string;
  kind: string;
  op: string;
  entityId: string;
  entityUpdatedAt: Date | null;
  createdAt: Date;
  replayOf: string | null;
}

export interface Plan<R extends DueRow> {
  send: R[];
  skip: { row: R; reason: string }[];
}

const RANK: Record<EntityKind, number> = { customer: 0, category: 1, product: 2, order: 3, storefront_event: 4 };
const rank = (kind: string) => RANK[kind as EntityKind] ?? 9;
export const entityKey = (row: { kind: string; entityId: string }) => `${row.kind}:${row.entityId}`;

function newer(a: DueRow, b: DueRow): DueRow {
  // A deletion ends the entity: it wins over any state, however recent its updated_at.
  if (a.op === "delete" || b.op === "delete") {
    if (a.op !== b.op) return a.op === "delete" ? a : b;
  }
  const ta = a.entityUpdatedAt?.getTime() ?? -1;
  const tb = b.entityUpdatedAt?.getTime() ?? -1;
  if (ta !== tb) return ta > tb ? a : b;
  return a.createdAt >= b.createdAt ? a : b;
}

/** `delivered` maps entityKey → the updated_at of the newest state already delivered. */
export function coalesce<R extends DueRow>(rows: R[], delivered: Map<string, Date | null>): Plan<R> {
  const winners = new Map<string, R>();
  for (const row of rows) {
    const key = entityKey(row);
    const best = winners.get(key);
    winners.set(key, best ? (newer(best, row) as R) : row);
  }
  const plan: Plan<R> = { send: [], skip: [] };
  for (const row of rows) {
    const winner = winners.get(entityKey(row))!;
    if (winner !== row) {
      plan.skip.push({ row, reason: `superseded by a newer state of this ${row.kind} (delivery ${winner.id})` });
      continue;
    }
    const last = delivered.get(entityKey(row));
    const mine = row.entityUpdatedAt;
    if (row.op !== "delete" && last && mine && !row.replayOf) {
      if (mine < last) {
        plan.skip.push({ row, reason: `older than the state already delivered (updated_at ${mine.toISOString()} < ${last.toISOString()})` });
        continue;
      }
      if (mine.getTime() === last.getTime()) {
        plan.skip.push({ row, reason: `this state (updated_at ${mine.toISOString()}) was already delivered` });
        continue;
      }
    }
    plan.send.push(row);
  }
  plan.send.sort((a, b) => rank(a.kind) - rank(b.kind) || a.createdAt.getTime() - b.createdAt.getTime());
  return plan;
}
