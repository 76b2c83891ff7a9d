// Finds what Conduit holds on one customer of one shop: the stored webhook events about them (their
// customer record, the orders Shopify names, anything whose payload carries their id, email or
// phone — checkouts, guest orders, earlier privacy requests, the pixel's events once they carry the
// email — plus every pixel event of a browser those events tie to the customer, the anonymous pages
// they viewed before giving their email; and the outbox rows built from those events or whose sent
// body names them. Same answer on SQLite and PostgreSQL: SQL narrows with
// escaped, lower-cased LIKE patterns, `mentions` decides on the actual values, a chunk of rows at a
// time (search.server.ts).
import type { AfterStore } from "../webhooks/store.server";
import { chunkedSearch, type Matcher } from "./search.server";
import { clientIdOf, likePatterns, likeValue, mentions, type Subject } from "./subject";

export type Tx = Parameters<AfterStore>[0];

/** `match` finds the rows (by default in `tx`; on SQLite, read-ahead.server.ts reads them ahead). */
export async function customerRecords(tx: Tx, shopId: string, s: Subject, match: Matcher = chunkedSearch(tx, shopId, { rest: false })) {
  const patterns = likePatterns(s);
  const named = patterns.length
    ? await match<{ id: string; payload: string }>("WebhookEvent", ["id", "payload"], ["payload"], patterns, (e) => mentions(s, e.payload))
    : [];
  const mentioning = [...named.map((e) => e.id), ...(await sameBrowser(match, named))];
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
    ? await match<{ id: string; sentBody: string | null; responseExcerpt: string | null; lastError: string | null }>(
        "Delivery", ["id", "sentBody", "responseExcerpt", "lastError"], ["sentBody", "responseExcerpt", "lastError"], emailPattern,
        (d) => [d.sentBody, d.responseExcerpt, d.lastError].some((t) => mentions(s, t)))
    : [];
  const deliveries = await tx.delivery.findMany({
    where: {
      shopId,
      OR: [
        { eventId: { in: events.map((e) => e.id) } },
        { id: { in: orphans.map((d) => d.id) } },
      ],
    },
    select: { id: true, vendor: true, kind: true, entityId: true, status: true },
  });
  return { events, deliveries };
}

/** Pixel events of the browsers (client ids) whose events name the customer. */
async function sameBrowser(match: Matcher, named: { payload: string }[]): Promise<string[]> {
  const clients = [...new Set(named.map((e) => clientIdOf(e.payload)).filter((c): c is string => Boolean(c)))];
  if (clients.length === 0) return [];
  const theirs = await match<{ id: string; topic: string; payload: string }>("WebhookEvent", ["id", "topic", "payload"], ["payload"], clients.map(likeValue),
    (e) => e.topic.startsWith("pixel/") && clients.includes(clientIdOf(e.payload) ?? ""));
  return theirs.map((e) => e.id);
}
