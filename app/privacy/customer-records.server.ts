// Finds what Conduit holds on one customer of one shop: the stored webhook events about them (their
// customer record, the orders Shopify names, anything whose payload carries their id, email or
// phone — checkouts, guest orders, earlier privacy requests) and the outbox rows built from those
// events or whose sent body names them. Same answer on SQLite and PostgreSQL: SQL narrows with
// escaped, lower-cased LIKE patterns, `mentions` decides on the actual values.
import { Prisma } from "../../node_modules/.conduit/prisma-sqlite/index.js";
import type { AfterStore } from "../webhooks/store.server";
import { likePatterns, mentions, type Subject } from "./subject";

export type Tx = Parameters<AfterStore>[0];

const anyLike = (column: string, patterns: string[]) =>
  Prisma.join(patterns.map((p) => Prisma.sql`lower(${Prisma.raw(column)}) LIKE ${p} ESCAPE '!'`), " OR ");

export async function customerRecords(tx: Tx, shopId: string, s: Subject) {
  const patterns = likePatterns(s);
  const candidates = patterns.length
    ? await tx.$queryRaw<{ id: string; payload: string }[]>`
        SELECT "id", "payload" FROM "WebhookEvent" WHERE "shopId" = ${shopId} AND (${anyLike(`"payload"`, patterns)})`
    : [];
  const mentioning = candidates.filter((e) => mentions(s, e.payload)).map((e) => e.id);
  const events = await tx.webhookEvent.findMany({
    where: {
      shopId,
      OR: [
        { id: { in: mentioning } },
        ...(s.customerId ? [{ topic: { startsWith: "customers/" }, entityId: s.customerId }] : []),
        ...(s.orderIds.length ? [{ entityId: { in: s.orderIds }, OR: [{ topic: { startsWith: "orders/" } }, { topic: { startsWith: "refunds/" } }] }] : []),
      ],
    },
    select: { id: true, topic: true, entityId: true, receivedAt: true },
  });
  // Rows whose event is gone (pruned) but whose sent body, answer or error still names the customer.
  const emailPattern = likePatterns({ email: s.email, orderIds: [] });
  const orphans = emailPattern.length
    ? await tx.$queryRaw<{ id: string; sentBody: string | null; responseExcerpt: string | null; lastError: string | null }[]>`
        SELECT "id", "sentBody", "responseExcerpt", "lastError" FROM "Delivery" WHERE "shopId" = ${shopId}
        AND (${anyLike(`"sentBody"`, emailPattern)} OR ${anyLike(`"responseExcerpt"`, emailPattern)} OR ${anyLike(`"lastError"`, emailPattern)})`
    : [];
  const deliveries = await tx.delivery.findMany({
    where: {
      shopId,
      OR: [
        { eventId: { in: events.map((e) => e.id) } },
        { id: { in: orphans.filter((d) => [d.sentBody, d.responseExcerpt, d.lastError].some((t) => mentions(s, t))).map((d) => d.id) } },
      ],
    },
    select: { id: true, vendor: true, kind: true, entityId: true, status: true },
  });
  return { events, deliveries };
}
