// The Overview's numbers: per vendor, its connection state, what happened to the changes received
// in the last 24 hours, the last error, and the order accuracy line.
import prisma from "../db.server";
import { vendors } from "../vendors";
import { orderAccuracy, type OrderAccuracy } from "./accuracy.server";
import { explainFailure } from "./explain";
import { connectionState, FAILED, WAITING, type ConnectionState } from "./status";

export const PERIOD_MS = 24 * 3_600_000;

export interface VendorSummary {
  id: string;
  name: string;
  state: ConnectionState;
  counts: { delivered: number; waiting: number; failed: number };
  /** The latest problem in plain words, and when it happened. */
  lastError: { text: string; at: Date } | null;
  accuracy: OrderAccuracy | null;
  /** Whether this vendor takes orders at all (Tracktor, Metrilo… yes). */
  takesOrders: boolean;
}

async function countsByVendor(shopId: string, since: Date) {
  const groups = await prisma.delivery.groupBy({ by: ["vendor", "status"], where: { shopId, createdAt: { gte: since } }, _count: { _all: true } });
  const counts = new Map<string, VendorSummary["counts"]>();
  for (const g of groups) {
    const c = counts.get(g.vendor) ?? { delivered: 0, waiting: 0, failed: 0 };
    if (g.status === "delivered") c.delivered += g._count._all;
    else if ((WAITING as string[]).includes(g.status)) c.waiting += g._count._all;
    else if ((FAILED as string[]).includes(g.status)) c.failed += g._count._all;
    counts.set(g.vendor, c);
  }
  return counts;
}

async function lastFailure(shopId: string, vendor: string, name: string) {
  const row = await prisma.delivery.findFirst({
    where: { shopId, vendor, lastError: { not: null }, status: { in: [...WAITING, ...FAILED] } },
    orderBy: { updatedAt: "desc" },
    select: { status: true, lastError: true, responseStatus: true, updatedAt: true },
  });
  const text = row && explainFailure({ vendorName: name, ...row });
  return text ? { text, at: row.updatedAt } : null;
}

export async function vendorSummaries(shopId: string | null, now = new Date()): Promise<VendorSummary[]> {
  const since = new Date(now.getTime() - PERIOD_MS);
  const connections = shopId ? await prisma.vendorConnection.findMany({ where: { shopId } }) : [];
  const counts = shopId ? await countsByVendor(shopId, since) : new Map();
  const accuracy = shopId ? await orderAccuracy(shopId, vendors.map((v) => v.id), since) : {};
  return Promise.all(
    vendors.map(async (vendor) => {
      const conn = connections.find((c) => c.vendor === vendor.id);
      const state = connectionState(conn);
      const reason = conn?.statusReason && state === "needs_attention"
        ? { text: explainFailure({ vendorName: vendor.name, status: state, lastError: conn.statusReason }) ?? conn.statusReason, at: conn.updatedAt }
        : null;
      return {
        id: vendor.id,
        name: vendor.name,
        state,
        counts: counts.get(vendor.id) ?? { delivered: 0, waiting: 0, failed: 0 },
        lastError: reason ?? (conn && shopId ? await lastFailure(shopId, vendor.id, vendor.name) : null),
        accuracy: conn ? accuracy[vendor.id] ?? null : null,
        takesOrders: vendor.sendOptions.includes("orders"),
      };
    }),
  );
}
