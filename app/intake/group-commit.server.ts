// Group commit: records that arrive within a few milliseconds of each other (or while the previous
// batch commits) are stored in ONE transaction, and each caller's promise settles only after that
// transaction committed — so every 200 built on it stands for a committed row. A failed commit
// rejects every record of its batch (their callers answer 503, so Shopify retries them).
//
// Why: one transaction per webhook, with its reads, was the ceiling (54 webhooks/s on SQLite,
// issue 11). A batch costs one BEGIN/COMMIT, one read of the shops it names, one read of their
// connections and one of the ids it might repeat, whatever its size. Those reads are per batch,
// inside the transaction, so a connection or setting changed by any process (admin, CLI) applies
// to the very next batch: no cache to invalidate.
import { randomBytes } from "node:crypto";
import prisma, { isUniqueViolation, target } from "../db.server";
import { connectionWants } from "../delivery/plan.server";
import { notifyDue } from "../delivery/scheduler.server";
import { logger } from "../logger.server";
import { eventRow, parse, type IncomingWebhook, type Parsed, type StoreResult } from "../webhooks/store.server";

const setting = (name: string, fallback: number) => {
  const n = Number(process.env[name]);
  return Number.isFinite(n) && n >= 0 ? n : fallback;
};
/** How long the first record of an idle moment waits for company before its batch commits. */
const GATHER_MS = setting("CONDUIT_INTAKE_GATHER_MS", 2);
/** Rows per transaction: bounded by the drivers' bind-parameter limits, and by latency. */
const MAX_BATCH = Math.max(1, setting("CONDUIT_INTAKE_BATCH_MAX", 200));

/** Shopify waits 5 s for an answer: a batch that cannot commit within this is answered 503. */
const BATCH_TIMEOUT_MS = 3_500;

interface Pending {
  hook: IncomingWebhook;
  resolve(result: StoreResult): void;
  reject(err: unknown): void;
}

const queue: Pending[] = [];
let timer: NodeJS.Timeout | undefined;
let flushing = false;

/**
 * Stores each record (a verified webhook, or any event shaped like one) with its outbox rows,
 * deduplicated by `webhookId` and by `eventId` + `topic`; resolves, in order, once the batch that
 * holds them committed. Rejects when that commit failed: nothing of the batch was stored.
 */
export function enqueue(hooks: IncomingWebhook[]): Promise<StoreResult[]> {
  const results = hooks.map((hook) => new Promise<StoreResult>((resolve, reject) => queue.push({ hook, resolve, reject })));
  if (!flushing && !timer) timer = setTimeout(flush, GATHER_MS);
  return Promise.all(results);
}

async function flush() {
  timer = undefined;
  flushing = true;
  try {
    // Whatever arrived while a batch committed forms the next one, at once.
    while (queue.length) await commitBatch(queue.splice(0, MAX_BATCH));
  } finally {
    flushing = false;
  }
}

type Item = Pending & { parsed: Parsed; result?: StoreResult };

async function commitBatch(batch: Pending[]) {
  const items: Item[] = [];
  for (const p of batch) {
    try {
      items.push({ ...p, parsed: parse(p.hook.topic, p.hook.body, p.hook.describe) });
    } catch (err) {
      p.reject(err); // a describer's bug fails its own record, not the batch
    }
  }
  if (!items.length) return;
  let stored: Item[];
  try {
    try {
      stored = await store(items);
    } catch (err) {
      // Another process stored one of these ids between our read and our insert: read again.
      if (!isUniqueViolation(err)) throw err;
      stored = await store(items);
    }
  } catch (err) {
    if (items.length > 1 && !unavailable(err)) {
      // One record the database refuses must not fail its neighbours on every Shopify retry:
      // commit each alone, so only that one is answered 503.
      for (const item of items) await commitBatch([item]);
      return;
    }
    logger.error({ err, records: items.length }, "intake batch not committed");
    for (const item of items) item.reject(err);
    return;
  }
  notifyDue([...new Set(stored.flatMap((i) => (i.result?.outcome === "stored" ? i.result.connectionIds : [])))]);
  for (const item of items) item.resolve(item.result!);
}

/** The database as a whole is unreachable, locked or too slow: retrying record by record would not help. */
const unavailable = (err: unknown) =>
  /busy|locked|timed? ?out|timeout|connect|ECONN|terminat|closed|unable to start a transaction/i.test(String((err as Error)?.message ?? err));

let sequence = 0;
/** cuid-shaped and, like Prisma's cuids, ordered by creation time (Activity breaks ties by id). */
const newId = () =>
  `c${Date.now().toString(36).padStart(9, "0")}${(sequence++ % 36 ** 4).toString(36).padStart(4, "0")}${randomBytes(6).toString("hex")}`;

const eventKey = (eventId: string, topic: string) => `${topic}\u0000${eventId}`;

/** One transaction for the batch; sets each item's result. Returns the items it stored. */
async function store(items: Item[]): Promise<Item[]> {
  for (const item of items) item.result = undefined;
  return prisma.$transaction(
    async (tx) => {
      // A lock held elsewhere must fail this batch (503, Shopify retries) rather than stall the
      // queue past Shopify's 5 s: Prisma's own timeout cannot interrupt a statement that waits.
      if (target.provider === "postgresql") await tx.$executeRawUnsafe(`SET LOCAL statement_timeout = ${BATCH_TIMEOUT_MS}`);
      const domains = [...new Set(items.map((i) => i.hook.shop))];
      const shops = new Map((await tx.shop.findMany({ where: { domain: { in: domains } } })).map((s) => [s.domain, s]));
      for (const domain of domains) {
        if (!shops.has(domain)) shops.set(domain, await tx.shop.upsert({ where: { domain }, create: { domain }, update: {} }));
      }

      // Repeats: of rows already stored, and within the batch itself (first one wins).
      const eventIds = items.flatMap((i) => (i.hook.eventId ? [i.hook.eventId] : []));
      const seen = await tx.webhookEvent.findMany({
        where: { OR: [{ webhookId: { in: items.map((i) => i.hook.webhookId) } }, ...(eventIds.length ? [{ eventId: { in: eventIds } }] : [])] },
        select: { webhookId: true, eventId: true, topic: true },
      });
      const seenIds = new Set(seen.map((s) => s.webhookId));
      const seenEvents = new Set(seen.flatMap((s) => (s.eventId ? [eventKey(s.eventId, s.topic)] : [])));
      const fresh: Item[] = [];
      for (const item of items) {
        const { webhookId, eventId, topic } = item.hook;
        const key = eventId ? eventKey(eventId, topic) : undefined;
        if (seenIds.has(webhookId) || (key && seenEvents.has(key))) {
          item.result = { outcome: "duplicate" };
          continue;
        }
        seenIds.add(webhookId);
        if (key) seenEvents.add(key);
        fresh.push(item);
      }

      const routed = fresh.filter((i) => i.parsed.route && !i.parsed.reject);
      const shopIds = [...new Set(routed.map((i) => shops.get(i.hook.shop)!.id))];
      const connections = shopIds.length ? await tx.vendorConnection.findMany({ where: { shopId: { in: shopIds }, enabled: true } }) : [];

      const toStore: { item: Item; wanted: typeof connections }[] = [];
      for (const item of fresh) {
        const shop = shops.get(item.hook.shop)!;
        const { route, reject } = item.parsed;
        const wanted = route && !reject
          ? connections.filter((c) => c.shopId === shop.id && connectionWants(c, route.kind, route.op, item.hook.topic))
          : [];
        if (!wanted.length && !shop.storeUnroutedEvents && !reject) {
          item.result = { outcome: "not-stored", reason: "no connection wants it and the shop keeps no history" };
          continue;
        }
        toStore.push({ item, wanted });
      }
      if (!toStore.length) return [];

      // Ids made here, not returned by the insert: createManyAndReturn measured at less than half
      // createMany's rate on SQLite (1 384 vs 3 041 rows/s of 10 KB).
      const eventIdOf = new Map(toStore.map(({ item }) => [item.hook.webhookId, newId()]));
      await tx.webhookEvent.createMany({
        data: toStore.map(({ item }) => ({ id: eventIdOf.get(item.hook.webhookId)!, ...eventRow(item.hook, item.parsed, shops.get(item.hook.shop)!.id) })),
      });
      const deliveries = toStore.flatMap(({ item, wanted }) => {
        const route = item.parsed.route!;
        return wanted.map((c) => ({
          shopId: c.shopId,
          connectionId: c.id,
          vendor: c.vendor,
          eventId: eventIdOf.get(item.hook.webhookId)!,
          topic: item.hook.topic,
          kind: route.kind,
          op: route.op,
          entityId: route.entityId,
          entityUpdatedAt: route.updatedAt,
        }));
      });
      if (deliveries.length) await tx.delivery.createMany({ data: deliveries });
      for (const { item, wanted } of toStore) {
        item.result = {
          outcome: "stored",
          eventId: eventIdOf.get(item.hook.webhookId)!,
          status: item.parsed.reject ? "rejected" : "accepted",
          connectionIds: wanted.map((c) => c.id),
        };
      }
      return toStore.map((s) => s.item);
    },
    // A batch may wait behind the worker's writes (SQLite has one writer); Shopify waits 5 s.
    { maxWait: BATCH_TIMEOUT_MS, timeout: BATCH_TIMEOUT_MS },
  );
}
