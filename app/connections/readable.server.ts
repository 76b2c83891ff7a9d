// A connection whose stored secrets no configured key opens (a key rotated away too early, a
// wrong CONDUIT_ENCRYPTION_KEY): it needs the merchant's or operator's attention, with the reason,
// instead of a 500 on its page or deliveries that wait forever under "active".
import prisma from "../db.server";
import { EncryptionKeyError, unseal } from "../crypto.server";

export const UNREADABLE_PREFIX = "Conduit cannot read this connection's saved keys";

export function unreadableReason(conn: { secretSettings: string }): string | undefined {
  try {
    unseal(conn.secretSettings);
    return undefined;
  } catch (err) {
    if (!(err instanceof EncryptionKeyError)) throw err;
    return `${UNREADABLE_PREFIX} (${err.message}). Enter them again, or give Conduit the key they were saved with.`;
  }
}

/** Marks the connection as needing attention when its secrets cannot be read; true if so. */
export async function holdIfUnreadable(conn: { id: string; secretSettings: string }): Promise<boolean> {
  const reason = unreadableReason(conn);
  if (!reason) return false;
  await prisma.vendorConnection.update({ where: { id: conn.id }, data: { status: "needs_attention", statusReason: reason } });
  return true;
}

/**
 * At start-up: which connections this process can read. Unreadable ones need attention; ones that
 * needed attention only because of their keys, and are readable now, run again.
 */
export async function checkStoredSecrets(): Promise<{ total: number; unreadable: { id: string; reason: string }[] }> {
  const conns = await prisma.vendorConnection.findMany({ select: { id: true, secretSettings: true, status: true, statusReason: true } });
  const unreadable: { id: string; reason: string }[] = [];
  const healed: string[] = [];
  for (const c of conns) {
    const reason = unreadableReason(c);
    if (reason) unreadable.push({ id: c.id, reason });
    else if (c.status === "needs_attention" && c.statusReason?.startsWith(UNREADABLE_PREFIX)) healed.push(c.id);
  }
  if (healed.length) await prisma.vendorConnection.updateMany({ where: { id: { in: healed } }, data: { status: "active", statusReason: null } });
  return { total: conns.length, unreadable };
}

export async function markUnreadable(list: { id: string; reason: string }[]) {
  for (const { id, reason } of list) await prisma.vendorConnection.update({ where: { id }, data: { status: "needs_attention", statusReason: reason } });
}
