// Deletes what Conduit no longer needs once its retention window has passed (app/retention/config.ts):
// outbox rows with their sent bodies, vendor answers and attempt logs (cascade), then the webhook
// payloads no remaining row needs, and the emails kept to answer data requests. Rows still to be
// sent (pending, retrying, paused, in flight) are never pruned. Erased payloads ({"redacted":true})
// stay: they hold no personal data and keep reconciliation from fetching an erased record again.
// Runs from the workers' sweep, at most once per check interval per process, in small batches so
// that webhooks are never kept waiting on the database.
import { setTimeout as sleep } from "node:timers/promises";
import prisma, { target } from "../db.server";
import { logger } from "../logger.server";
import { compactAfterErasure } from "../privacy/compact.server";
import { ERASED_PAYLOAD_PREFIX } from "../privacy/erased";
import { retentionConfig, type RetentionConfig } from "./config";

// Rows a statement deletes. On SQLite each statement holds the event loop that answers webhooks:
// an outbox row is a few hundred bytes, an event's payload ~10 KB that SQLite zeroes as it frees
// it (secure_delete). Measured at 1 000 webhooks/s offered (npm run bench, retention rows, with
// a turn for I/O between batches but before the rest below): 500 of each, p99 209 ms while
// pruning; 100 of each, 82 ms; 250 rows and 100 events, within the same server's p99 without
// pruning. PostgreSQL's statements wait off the event loop, and larger ones cost it less: 5 000
// expired webhooks pruned at 6 024/s in batches of 1 000 and 500, 2 498/s in 250 and 100.
const [ROWS_PER_BATCH, EVENTS_PER_BATCH] = target.provider === "sqlite" ? [250, 100] : [1_000, 500];
/** Per status, per run: the next sweep goes on (rather than the next check) when a run stops at it. */
const MAX_PER_RUN = 20_000;
const log = logger.child({ component: "retention" });

export interface Pruned {
  deliveries: number;
  events: number;
  emails: number;
  /** A run stops after MAX_PER_RUN of a kind; the next sweep goes on rather than the next check. */
  more: boolean;
}

const before = (now: Date, ms: number) => (ms > 0 ? new Date(now.getTime() - ms) : null);

/**
 * Deletes in batches of `size` ids, one short transaction each; `more` when it stopped at MAX_PER_RUN.
 * After each batch it rests as long as the batch took, so pruning has at most half of the
 * database's time, and the webhooks that arrived meanwhile go first. On SQLite every statement
 * returns an already-settled promise: without a timer between them a run's batches went back to
 * back as one chain of microtasks, and no webhook was read for as long as the run took (732 ms
 * with 10 000 expired; webhooks' p99 at 1 000/s 0.8–1.3 s against 36 ms without pruning).
 * PostgreSQL runs its statements off the event loop, but on the same cores as intake's: run
 * back to back, p99 at 1 000/s was 95–977 ms while pruning against 56–96 ms just before; with the
 * rest, 66–123 ms against 62–473 ms (npm run bench -- retention, 2 cores).
 */
async function inBatches(size: number, find: (take: number) => Promise<{ id: string }[]>, remove: (ids: string[]) => Promise<unknown>): Promise<{ count: number; more: boolean }> {
  let count = 0;
  while (count < MAX_PER_RUN) {
    const started = Date.now();
    const ids = (await find(size)).map((r) => r.id);
    if (ids.length) await remove(ids);
    count += ids.length;
    if (ids.length < size) return { count, more: false };
    await sleep(Date.now() - started);
  }
  return { count, more: true };
}

export async function pruneExpired(config: RetentionConfig, now = new Date()): Promise<Pruned> {
  const cutoff = before(now, config.keepMs);
  const failedCutoff = before(now, config.failedKeepMs);
  // One status at a time, oldest first, so that each batch reads one range of an index ((status,
  // updatedAt), (status, receivedAt)) and stops at its limit. With the statuses OR'd together in
  // Prisma's default order (by id), every batch read and sorted every expired row, an event's
  // payload included: 95 ms a batch with 30 000 expired, on the event loop that answers webhooks
  // (SQLite runs in the process), and again for each next batch.
  const expired = (statuses: string[], at: Date | null) => (at ? statuses.map((status) => ({ status, before: at })) : []);
  const runs: { count: number; more: boolean }[] = [];
  for (const { status, before } of [...expired(["delivered", "skipped"], cutoff), ...expired(["dead", "rejected"], failedCutoff)]) {
    runs.push(await inBatches(
      ROWS_PER_BATCH,
      (take) => prisma.delivery.findMany({ where: { status, updatedAt: { lt: before } }, orderBy: { updatedAt: "asc" }, select: { id: true }, take }),
      (ids) => prisma.delivery.deleteMany({ where: { id: { in: ids } } }),
    ));
  }
  const deliveries = runs.reduce((n, r) => n + r.count, 0);
  let events = 0;
  for (const { status, before } of [...expired(["accepted"], cutoff), ...expired(["rejected"], failedCutoff)]) {
    // An event a row still names, or an erased one, is kept; the walk passes over them.
    const run = await inBatches(
      EVENTS_PER_BATCH,
      (take) =>
        prisma.webhookEvent.findMany({
          where: { status, receivedAt: { lt: before }, deliveries: { none: {} }, NOT: { payload: { startsWith: ERASED_PAYLOAD_PREFIX } } },
          orderBy: { receivedAt: "asc" },
          select: { id: true },
          take,
        }),
      (ids) => prisma.webhookEvent.deleteMany({ where: { id: { in: ids } } }),
    );
    runs.push(run);
    events += run.count;
  }
  const emails = cutoff
    ? (await prisma.privacyRequest.updateMany({ where: { email: { not: null }, receivedAt: { lt: cutoff } }, data: { email: null } })).count
    : 0;
  if (deliveries + events + emails > 0) await compactAfterErasure();
  return { deliveries, events, emails, more: runs.some((r) => r.more) };
}

/**
 * The first look waits a minute after start (a check interval, when shorter): a server that was
 * down comes back to the webhooks Shopify held for it, and those go first.
 */
const FIRST_LOOK_AFTER_MS = 60_000;

/** Never throws and never waits on a run in progress: safe to call on every sweep. */
export function createPruner(config: RetentionConfig, startedAt = Date.now()) {
  let running = false;
  let lastRun = startedAt - config.checkMs + Math.min(FIRST_LOOK_AFTER_MS, config.checkMs);
  return async function pruneIfDue(now = new Date()): Promise<Pruned | null> {
    if (running || now.getTime() - lastRun < config.checkMs) return null;
    running = true;
    lastRun = now.getTime();
    try {
      const pruned = await pruneExpired(config, now);
      if (pruned.deliveries + pruned.events + pruned.emails > 0) log.info({ ...pruned, ms: Date.now() - now.getTime() }, "expired data pruned");
      if (pruned.more) lastRun = -Infinity;
      return pruned;
    } catch (err) {
      log.error({ err }, "pruning expired data failed; retrying at the next check");
      return null;
    } finally {
      running = false;
    }
  };
}

/** The process's pruner, configured from the environment. */
export const pruneIfDue = createPruner(retentionConfig(process.env, (msg) => log.warn(msg)));
