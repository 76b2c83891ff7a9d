// Deletes what Conduit no longer needs once its retention window has passed (app/retention/config.ts):
// outbox rows with their sent bodies, vendor answers and attempt logs (cascade), then the webhook
// payloads no remaining row needs, and the emails kept to answer data requests. Rows still to be
// sent (pending, retrying, paused, in flight) are never pruned. Erased payloads ({"redacted":true})
// stay: they hold no personal data and keep reconciliation from fetching an erased record again.
// Runs from the workers' sweep, at most once per check interval per process, in small batches so
// that webhooks are never kept waiting on the database.
import prisma from "../db.server";
import { logger } from "../logger.server";
import { compactAfterErasure } from "../privacy/compact.server";
import { ERASED_PAYLOAD_PREFIX } from "../privacy/erased";
import { retentionConfig, type RetentionConfig } from "./config";

const BATCH = 500;
const MAX_BATCHES = 40;
const log = logger.child({ component: "retention" });

export interface Pruned {
  deliveries: number;
  events: number;
  emails: number;
  /** A run stops after MAX_BATCHES batches of a kind; the next sweep goes on rather than the next check. */
  more: boolean;
}

const before = (now: Date, ms: number) => (ms > 0 ? new Date(now.getTime() - ms) : null);

/** Deletes in batches of ids: one short transaction each. */
async function inBatches(find: () => Promise<{ id: string }[]>, remove: (ids: string[]) => Promise<unknown>): Promise<number> {
  let total = 0;
  for (let i = 0; i < MAX_BATCHES; i++) {
    const ids = (await find()).map((r) => r.id);
    if (ids.length) await remove(ids);
    total += ids.length;
    if (ids.length < BATCH) break;
  }
  return total;
}

export async function pruneExpired(config: RetentionConfig, now = new Date()): Promise<Pruned> {
  const cutoff = before(now, config.keepMs);
  const failedCutoff = before(now, config.failedKeepMs);
  const rowsExpired = [
    ...(cutoff ? [{ status: { in: ["delivered", "skipped"] }, updatedAt: { lt: cutoff } }] : []),
    ...(failedCutoff ? [{ status: { in: ["dead", "rejected"] }, updatedAt: { lt: failedCutoff } }] : []),
  ];
  const deliveries = rowsExpired.length
    ? await inBatches(
        () => prisma.delivery.findMany({ where: { OR: rowsExpired }, select: { id: true }, take: BATCH }),
        (ids) => prisma.delivery.deleteMany({ where: { id: { in: ids } } }),
      )
    : 0;
  const eventsExpired = [
    ...(cutoff ? [{ status: "accepted", receivedAt: { lt: cutoff } }] : []),
    ...(failedCutoff ? [{ status: "rejected", receivedAt: { lt: failedCutoff } }] : []),
  ];
  const events = eventsExpired.length
    ? await inBatches(
        () =>
          prisma.webhookEvent.findMany({
            where: { OR: eventsExpired, deliveries: { none: {} }, NOT: { payload: { startsWith: ERASED_PAYLOAD_PREFIX } } },
            select: { id: true },
            take: BATCH,
          }),
        (ids) => prisma.webhookEvent.deleteMany({ where: { id: { in: ids } } }),
      )
    : 0;
  const emails = cutoff
    ? (await prisma.privacyRequest.updateMany({ where: { email: { not: null }, receivedAt: { lt: cutoff } }, data: { email: null } })).count
    : 0;
  if (deliveries + events + emails > 0) await compactAfterErasure();
  return { deliveries, events, emails, more: Math.max(deliveries, events) >= BATCH * MAX_BATCHES };
}

/** Never throws and never waits on a run in progress: safe to call on every sweep. */
export function createPruner(config: RetentionConfig) {
  let running = false;
  let lastRun = -Infinity;
  return async function pruneIfDue(now = new Date()): Promise<Pruned | null> {
    if (running || now.getTime() - lastRun < config.checkMs) return null;
    running = true;
    lastRun = now.getTime();
    try {
      const pruned = await pruneExpired(config, now);
      if (pruned.deliveries + pruned.events + pruned.emails > 0) log.info(pruned, "expired data pruned");
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
