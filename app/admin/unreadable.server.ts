// Webhooks Shopify signed correctly but whose content Conduit could not read (not JSON, or not a
// valid payload for the topic). They were answered 200, since Shopify cannot fix them by retrying,
// so the merchant must hear about them here or nowhere.
import prisma from "../db.server";
import { reconcileConfig } from "../reconcile/config";

export interface UnreadableWebhooks {
  count: number;
  latest: { id: string; topic: string; receivedAt: Date; reason: string }[];
  /** Minutes between comparisons with the Admin API, which bring in the records anyway; 0 when off. */
  reconcileMinutes: number;
}

export async function unreadableWebhooks(shopId: string | null, since: Date): Promise<UnreadableWebhooks> {
  const reconcileMinutes = reconcileConfig().intervalMs / 60_000;
  if (!shopId) return { count: 0, latest: [], reconcileMinutes };
  const where = { shopId, status: "rejected", receivedAt: { gte: since } };
  const [count, rows] = await Promise.all([
    prisma.webhookEvent.count({ where }),
    prisma.webhookEvent.findMany({ where, orderBy: { receivedAt: "desc" }, take: 5, select: { id: true, topic: true, receivedAt: true, rejectReason: true } }),
  ]);
  const latest = rows.map(({ rejectReason, ...r }) => ({ ...r, reason: rejectReason ?? "unreadable" }));
  return { count, latest, reconcileMinutes };
}
