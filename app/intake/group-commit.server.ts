// Group commit: records that arrive within a few milliseconds of each other (or while the previous
// batch commits) are stored in ONE transaction, and each caller's promise settles only after that
// transaction committed — so every 200 built on it stands for a committed row. A failed commit
// rejects every record of its batch (their callers answer 503, so Shopify retries them).
//
// Why: one transaction per webhook, with its reads, was the ceiling (54 webhooks/s on SQLite,
// issue 11). A batch costs one read (the shops it names with their connections, and the ids it
// might repeat) and its inserts, whatever its size: on PostgreSQL two round trips, the inserts one
// statement with no BEGIN/COMMIT around it (app/db/run.server.ts, `inBatch`). The read is per
// batch, so a connection or setting changed by any process (admin, CLI) applies to the very next
// batch: no cache to invalidate.
import { isUniqueViolation, target } from "../db.server";
import { connectionWants } from "../delivery/plan.server";
import { notifyDue } from "../delivery/scheduler.server";
import { failureLog } from "../failure-log";
import { logger } from "../logger.server";
import { insertManyStatements, placeholders, rowId, sqlDate, TRUE } from "../db/sql.server";
import { inBatch } from "../db/run.server";
import { eventRow, parse, unreadableHistory, type IncomingWebhook, type IntakeConnection, type Parsed, type StoreResult } from "../webhooks/store.server";
import { envCount, envNumber } from "../env";

/**
 * How long the first record of an idle moment waits for company before its batch commits. Measured
 * (bench/ab.ts, alternating): 1 ms against 2 on SQLite, +9 % and +13 % webhooks/s with 20 senders
 * (each waits on its answer, so the wait is theirs), p99 at 1 000/s 14 against 19 ms; 5 ms: −35 %.
 */
const GATHER_MS = envNumber("CONDUIT_INTAKE_GATHER_MS", 1);
/** Rows per transaction: bounded by the drivers' bind-parameter limits, and by latency. */
const MAX_BATCH = envCount("CONDUIT_INTAKE_BATCH_MAX", 200);

/** Shopify waits 5 s for an answer: a batch that cannot commit within this is answered 503. */
const BATCH_TIMEOUT_MS = 3_500;

interface Pending {
  hook: IncomingWebhook;
  /** Read on arrival, without the payload's objects (see `enqueue`). */
  parsed: Parsed;
  resolve(result: StoreResult): void;
  reject(err: unknown): void;
}

const queue: Pending[] = [];
let scheduled = false;
let inFlight = 0;
/**
 * Batches committing at once. SQLite has one writer (and here one connection): one. PostgreSQL
 * spends most of a batch waiting on round trips and its WAL flush: two overlap that wait.
 */
const PARALLEL = target.provider === "postgresql" ? 2 : 1;

/**
 * Stores each record (a verified webhook, or any event shaped like one) with its outbox rows,
 * deduplicated by `webhookId` and by `eventId` + `topic`; resolves, in order, once the batch that
 * holds them committed. Rejects when a record could not be stored (its batch did not commit):
 * callers answer 503 and the sender retries, which the deduplication makes safe.
 */
export function enqueue(hooks: IncomingWebhook[]): Promise<StoreResult[]> {
  const results = hooks.map(
    (hook) =>
      new Promise<StoreResult>((resolve, reject) => {
        // The payload is read now and its objects let go: held until the batch commits, a 10 KB
        // order's few hundred objects outlive the young generation, and the old one's collections
        // cost more. What the batch needs (route, reason) stays; the rare reader of the whole
        // payload (unreadableHistory) parses the body again.
        let parsed: Parsed;
        try {
          parsed = { ...parse(hook), payload: undefined };
        } catch (err) {
          return reject(err); // a describer's bug fails its own record, not the batch
        } finally {
          hook.json = undefined;
        }
        queue.push({ hook, parsed, resolve, reject });
      }),
  );
  schedule();
  return Promise.all(results);
}

/**
 * A batch starts GATHER_MS after the first record that finds a slot free: on SQLite none while one
 * commits (what arrives meanwhile is the next batch, started as soon as it has); on PostgreSQL a
 * second beside it, which commits its own during the first one's round trips and WAL flush.
 * Measured on PostgreSQL (bench/ab.ts, against starting one only when none commits): +12 %
 * webhooks/s with 20 senders (2 041 → 2 296), p99 at 1 000/s unchanged (36 → 34 ms); smaller
 * batches at that rate cost ~12 % more server CPU a webhook.
 */
function schedule() {
  if (scheduled || inFlight >= PARALLEL) return;
  scheduled = true;
  setTimeout(() => {
    scheduled = false;
    pump();
  }, GATHER_MS);
}

function pump() {
  // Whatever arrived while a batch committed forms the next one, as soon as a slot is free.
  while (inFlight < PARALLEL && queue.length) {
    inFlight++;
    void commitBatch(queue.splice(0, MAX_BATCH))
      .catch((err) => logger.error({ err }, "intake batch failed unexpectedly"))
      .finally(() => {
        inFlight--;
        pump();
      });
  }
}

type Item = Pending & { result?: StoreResult };

async function commitBatch(items: Item[]) {
  let stored: Item[];
  try {
    try {
      stored = await store(items);
    } catch (err) {
      // Another process stored one of these ids between our read and our insert: read again.
      if (!uniqueViolation(err)) throw err;
      stored = await store(items);
    }
  } catch (err) {
    if (items.length > 1 && !unavailable(err)) {
      // One record the database refuses must not fail its neighbours on every Shopify retry:
      // commit each alone, so only that one is answered 503.
      for (const item of items) await commitBatch([item]);
      return;
    }
    batches.failed({ err, records: items.length }, "intake batch not committed");
    for (const item of items) item.reject(err);
    return;
  }
  batches.succeeded();
  notifyDue([...new Set(stored.flatMap((i) => (i.result?.outcome === "stored" ? i.result.connectionIds : [])))]);
  for (const item of items) item.resolve(item.result!);
}

/** Through a database outage, one line rather than one per batch (app/failure-log.ts). */
const batches = failureLog(logger, "intake batches");

/** The database as a whole is unreachable, locked or too slow: retrying record by record would not help. */
const unavailable = (err: unknown) =>
  /busy|locked|timed? ?out|timeout|connect|ECONN|terminat|closed|unable to start a transaction/i.test(String((err as Error)?.message ?? err));

/** Prisma's P2002, PostgreSQL's 23505, SQLite's UNIQUE constraint: another process stored it first. */
const uniqueViolation = (err: unknown) =>
  isUniqueViolation(err) || (err as { code?: string })?.code === "23505" || /UNIQUE constraint failed/.test(String((err as Error)?.message));

const eventKey = (eventId: string, topic: string) => `${topic}\u0000${eventId}`;

const ph = placeholders;
/** PostgreSQL's type for Prisma's DateTime (prisma/postgres/migrations). */
const TIMESTAMP = "timestamp(3)";

/** The batch, stored all or nothing (see `inBatch`); sets each item's result. Returns the items it stored. */
async function store(items: Item[]): Promise<Item[]> {
  for (const item of items) item.result = undefined;
  return inBatch(BATCH_TIMEOUT_MS, async (q, write) => {
    const startMs = Date.now();
    const now = sqlDate(new Date(startMs));
    const domains = [...new Set(items.map((i) => i.hook.shop))];
    const webhookIds = items.map((i) => i.hook.webhookId);
    const globalEventId = (hook: IncomingWebhook) => (hook.eventIdGlobal !== false ? hook.eventId : undefined);
    const eventIds = items.flatMap((i) => globalEventId(i.hook) ?? []);
    // One read (one round trip on PostgreSQL): the batch's shops with their enabled connections,
    // then the stored webhooks it might repeat, told apart by which columns are set.
    const read = () =>
      q(
        `SELECT s."id", s."domain", s."storeUnroutedEvents", c."id" AS "cId", c."vendor", c."sendOptions", c."publicSettings", ` +
          `NULL AS "webhookId", NULL AS "eventId", NULL AS "topic" FROM "Shop" s ` +
          `LEFT JOIN "VendorConnection" c ON c."shopId" = s."id" AND c."enabled" = ${TRUE} WHERE s."domain" IN (${ph(domains.length, 0)}) ` +
          `UNION ALL SELECT NULL, NULL, NULL, NULL, NULL, NULL, NULL, "webhookId", "eventId", "topic" FROM "WebhookEvent" ` +
          `WHERE "webhookId" IN (${ph(webhookIds.length, domains.length)})` +
          (eventIds.length ? ` OR "eventId" IN (${ph(eventIds.length, domains.length + webhookIds.length)})` : ""),
        [...domains, ...webhookIds, ...eventIds],
      );
    let rows = await read();
    const known = new Set(rows.flatMap((r) => (r.id == null ? [] : [String(r.domain)])));
    const unknown = domains.filter((d) => !known.has(d));
    if (unknown.length) {
      // A shop's first webhook: its row, with the defaults Prisma's schema gives it.
      const args = unknown.flatMap((domain) => [rowId(), domain, now, now, now]);
      const values = unknown.map((_, i) => `(${ph(5, i * 5)}, ${TRUE})`).join(", ");
      await q(`INSERT INTO "Shop" ("id", "domain", "installedAt", "createdAt", "updatedAt", "storeUnroutedEvents") VALUES ${values} ON CONFLICT ("domain") DO NOTHING`, args);
      rows = await read();
    }
    const shopRows = rows.filter((r) => r.id != null);
    const seen = rows.filter((r) => r.id == null);
    const connections: IntakeConnection[] = shopRows.flatMap((r) =>
      r.cId == null
        ? []
        : [{ id: String(r.cId), shopId: String(r.id), vendor: String(r.vendor), sendOptions: String(r.sendOptions), publicSettings: String(r.publicSettings), enabled: true as const }],
    );
    const shops = new Map(shopRows.map((r) => [String(r.domain), { id: String(r.id), keepsHistory: Boolean(r.storeUnroutedEvents) }]));

    // Repeats: of rows already stored, and within the batch itself (first one wins).
    const seenIds = new Set(seen.map((s) => String(s.webhookId)));
    const seenEvents = new Set(seen.flatMap((s) => (s.eventId ? [eventKey(String(s.eventId), String(s.topic))] : [])));
    const fresh: Item[] = [];
    for (const item of items) {
      const { webhookId, topic } = item.hook;
      const eventId = globalEventId(item.hook);
      const key = eventId ? eventKey(eventId, topic) : undefined;
      if (seenIds.has(webhookId) || (key && seenEvents.has(key))) {
        item.result = { outcome: "duplicate" };
        continue;
      }
      seenIds.add(webhookId);
      if (key) seenEvents.add(key);
      fresh.push(item);
    }

    const toStore: { item: Item; eventId: string; wanted: Wanted[] }[] = [];
    for (const item of fresh) {
      const shop = shops.get(item.hook.shop)!;
      const { route, reject } = item.parsed;
      const wanted = route && !reject
        ? admitted(item.hook, connections.filter((c) => c.shopId === shop.id && connectionWants(c, route.kind, route.op, item.hook.topic)))
        : [];
      if (!wanted.length && (!shop.keepsHistory || item.hook.history === false) && !reject) {
        item.result = { outcome: "not-stored", reason: "no connection wants it and the shop keeps no history" };
        continue;
      }
      if (!wanted.length) {
        const unreadable = unreadableHistory(item.hook, item.parsed);
        if (unreadable) item.parsed = { ...item.parsed, route: undefined, reject: unreadable };
      }
      toStore.push({ item, eventId: rowId(), wanted });
    }
    if (!toStore.length) return [];

    const date = (d: Date | null | undefined) => (d ? sqlDate(d) : null);
    const eventCols = ["id", "shopId", "webhookId", "eventId", "topic", "apiVersion", "triggeredAt", "receivedAt", "status", "rejectReason", "entityId", "payload"];
    const events = toStore.map(({ item, eventId }) => {
      const row = eventRow(item.hook, item.parsed, shops.get(item.hook.shop)!.id);
      return [eventId, row.shopId, row.webhookId, row.eventId ?? null, row.topic, row.apiVersion ?? null, date(row.triggeredAt), now, row.status, row.rejectReason ?? null, row.entityId ?? null, row.payload];
    });

    const deliveryCols = ["id", "shopId", "connectionId", "vendor", "eventId", "topic", "kind", "op", "entityId", "entityUpdatedAt", "status", "lastError", "attempts", "nextAttemptAt", "createdAt", "updatedAt"];
    // The engine sends a connection's rows in createdAt order: each record's rows get their own
    // millisecond, in arrival order, so records of one batch (a visitor's page, then their add to
    // cart) do not tie and go out in whatever order the database returns them.
    const deliveries = toStore.flatMap(({ item, eventId, wanted }, i) => {
      const route = item.parsed.route!;
      const createdAt = i === 0 ? now : sqlDate(new Date(startMs + i));
      return wanted.map(({ c, skip }) => [
        rowId(), c.shopId, c.id, c.vendor, eventId, item.hook.topic, route.kind, route.op, route.entityId, date(route.updatedAt),
        skip ? "skipped" : "pending", skip ?? null, 0, now, createdAt, now,
      ]);
    });
    await write(insertManyStatements([
      { table: "WebhookEvent", cols: eventCols, rows: events, text: ["payload"], types: { triggeredAt: TIMESTAMP, receivedAt: TIMESTAMP } },
      { table: "Delivery", cols: deliveryCols, rows: deliveries, types: { entityUpdatedAt: TIMESTAMP, attempts: "integer", nextAttemptAt: TIMESTAMP, createdAt: TIMESTAMP, updatedAt: TIMESTAMP } },
    ]));

    for (const { item, eventId, wanted } of toStore) {
      const skipped = wanted.filter((w) => w.skip).map((w) => w.c.vendor);
      item.result = {
        outcome: "stored",
        eventId,
        status: item.parsed.reject ? "rejected" : "accepted",
        connectionIds: wanted.filter((w) => !w.skip).map((w) => w.c.id),
        ...(skipped.length ? { skipped } : {}),
      };
    }
    return toStore.map((s) => s.item);
  });
}

type Wanted = { c: IntakeConnection; skip?: string };

/** The connections a record's own `admit` takes, each with the reason its row is skipped, if any. */
function admitted(hook: IncomingWebhook, wanting: IntakeConnection[]): Wanted[] {
  if (!hook.admit) return wanting.map((c) => ({ c }));
  return wanting.flatMap((c) => {
    const verdict = hook.admit!(c);
    return verdict === false ? [] : [verdict === true ? { c } : { c, skip: verdict }];
  });
}
