// The pieces of an erasure that run again after it: a vendor call in flight while the customer was
// erased settles afterwards and would write their data back (the sent body, Metrilo's memory keyed
// by email). Each is idempotent.
import type { Prisma } from "../../node_modules/.conduit/prisma-sqlite/index.js";
import prisma from "../db.server";
import type { Tx } from "./customer-records.server";
import { ERASED, ERASED_PAYLOAD_PREFIX } from "./erased";

/** Vendor memory keyed by the email (Metrilo keys customers by email), in any letter case. */
export async function forgetEmail(tx: Tx | undefined, shopId: string, email: string): Promise<number> {
  return (tx ?? prisma).$executeRaw`
    DELETE FROM "SyncState" WHERE lower("key") = ${email.trim().toLowerCase()}
    AND "connectionId" IN (SELECT "id" FROM "VendorConnection" WHERE "shopId" = ${shopId})`;
}

/** Outbox rows built from erased events that hold a body, an answer or an error again. */
export async function scrubErasedDeliveries(where: Prisma.DeliveryWhereInput): Promise<number> {
  const rows = await prisma.delivery.findMany({
    where: {
      ...where,
      event: { payload: { startsWith: ERASED_PAYLOAD_PREFIX } },
      OR: [{ sentBody: { not: null } }, { responseExcerpt: { not: null } }, { lastError: { not: ERASED } }],
    },
    select: { id: true },
  });
  if (rows.length === 0) return 0;
  const ids = rows.map((r) => r.id);
  await prisma.$transaction([
    prisma.delivery.updateMany({ where: { id: { in: ids } }, data: { sentBody: null, responseExcerpt: null } }),
    prisma.delivery.updateMany({ where: { id: { in: ids }, lastError: { not: null } }, data: { lastError: ERASED } }),
    prisma.deliveryAttempt.updateMany({ where: { deliveryId: { in: ids } }, data: { response: null, error: null } }),
  ]);
  return ids.length;
}
