// One worker drains a connection at a time, on any number of processes: a lease row-lock taken
// by a conditional update, so it works the same on SQLite and PostgreSQL without Redis.
import prisma from "../db.server";
import { policy } from "./policy";
import { Status } from "./states";

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

/**
 * Keeps the connection lease and the in-flight rows' leases alive while a vendor call runs, so a
 * slow call (several requests of up to the vendor timeout each) is never mistaken for a dead
 * worker and re-sent by another one. A worker that really dies stops renewing, and the sweeper
 * recovers its rows within one lease. Returns the function that stops renewing.
 */
export function keepLeases(connectionId: string, owner: string, rowIds: string[]): () => void {
  const renew = async () => {
    const leaseUntil = new Date(Date.now() + policy.leaseMs);
    await renewConnection(connectionId, owner);
    await prisma.delivery.updateMany({ where: { id: { in: rowIds }, status: Status.inFlight }, data: { leaseUntil } });
  };
  const timer = setInterval(() => void renew().catch(() => undefined), Math.max(100, Math.floor(policy.leaseMs / 3)));
  return () => clearInterval(timer);
}
