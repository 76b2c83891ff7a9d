// One worker drains a connection at a time, on any number of processes: a lease row-lock taken
// by a conditional update, so it works the same on SQLite and PostgreSQL without Redis.
import prisma from "../db.server";
import { policy } from "./policy";

export async function claimConnection(connectionId: string, owner: string, now = new Date()): Promise<boolean> {
  const { count } = await prisma.vendorConnection.updateMany({
    where: { id: connectionId, OR: [{ leaseUntil: null }, { leaseUntil: { lt: now } }, { leaseOwner: owner }] },
    data: { leaseOwner: owner, leaseUntil: new Date(now.getTime() + policy.leaseMs) },
  });
  return count === 1;
}

export async function renewConnection(connectionId: string, owner: string): Promise<void> {
  await prisma.vendorConnection.updateMany({
    where: { id: connectionId, leaseOwner: owner },
    data: { leaseUntil: new Date(Date.now() + policy.leaseMs) },
  });
}

export async function releaseConnection(connectionId: string, owner: string): Promise<void> {
  await prisma.vendorConnection.updateMany({
    where: { id: connectionId, leaseOwner: owner },
    data: { leaseOwner: null, leaseUntil: null },
  });
}
