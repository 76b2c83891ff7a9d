// Moves every row that still qualifies from one state to another in one statement, logging a
// transition for exactly the rows that moved — safe with every worker process sweeping at once.
import type { Prisma } from "../../node_modules/.conduit/prisma-sqlite/index.js";
import prisma from "../db.server";
import type { DeliveryStatus } from "./states";

export interface Move {
  from: DeliveryStatus;
  to: DeliveryStatus;
  /** Which rows in `from` qualify, besides their state. */
  where: Prisma.DeliveryWhereInput;
  /** What else changes on a moved row. */
  data?: Prisma.DeliveryUpdateManyMutationInput;
  /** Written on each logged transition. */
  note: string;
  limit?: number;
}

export async function moveRows(m: Move): Promise<{ id: string; connectionId: string; vendor: string; shopId: string }[]> {
  const where = { ...m.where, status: m.from };
  // A read first: almost every sweep has nothing to move, and a write transaction would take
  // SQLite's one write lock from the webhooks for nothing.
  if (!(await prisma.delivery.findFirst({ where, select: { id: true } }))) return [];
  return prisma.$transaction(async (tx) => {
    const moved = await tx.delivery.updateManyAndReturn({
      where,
      data: { ...m.data, status: m.to },
      select: { id: true, connectionId: true, vendor: true, shopId: true },
      ...(m.limit ? { limit: m.limit } : {}),
    });
    if (moved.length) {
      await tx.deliveryAttempt.createMany({ data: moved.map(({ id }) => ({ deliveryId: id, fromStatus: m.from, toStatus: m.to, error: m.note })) });
    }
    return moved;
  });
}
