// Which shops are due a pass, and running them from the workers without ever getting in their way:
// a worker calls reconcileDueShops on every loop; at most once per check interval it claims each
// due shop (Shop.lastReconciledAt, so two workers never run the same pass) and reconciles them
// one after another, in the background. A failed pass is logged, handed back and retried later.
import prisma from "../db.server";
import { connectionWants } from "../delivery/plan.server";
import { RECONCILE_TOPICS } from "../domain/shopify-graphql";
import { logger } from "../logger.server";
import { AdminApiError } from "../shopify/admin-graphql.server";
import { reconcileConfig, type ReconcileConfig } from "./config";
import { PassFailedError, reconcileShop, type PassCounts, type ShopToReconcile } from "./pass.server";
import { grantedKinds } from "./scope";
import { offlineSessionId } from "../shopify/offline-session";

export type ShopReport =
  | { shop: string; outcome: "reconciled"; counts: PassCounts }
  | { shop: string; outcome: "failed"; error: string }
  | { shop: string; outcome: "skipped"; reason: string };

const MAX_SHOPS_PER_CHECK = 100;
const log = logger.child({ component: "reconcile" });


async function dueShops(now: Date, config: ReconcileConfig) {
  const shops = await prisma.shop.findMany({
    where: {
      uninstalledAt: null,
      connections: { some: { enabled: true } },
      OR: [{ lastReconciledAt: null }, { lastReconciledAt: { lte: new Date(now.getTime() - config.intervalMs) } }],
    },
    include: { connections: { where: { enabled: true } } },
    orderBy: { lastReconciledAt: { sort: "asc", nulls: "first" } },
    take: MAX_SHOPS_PER_CHECK,
  });
  const sessions = await prisma.session.findMany({ where: { id: { in: shops.map((s) => offlineSessionId(s.domain)) } } });
  const byId = new Map(sessions.map((s) => [s.id, s]));
  return shops.map((shop) => ({ shop, session: byId.get(offlineSessionId(shop.domain)) }));
}

type Due = Awaited<ReturnType<typeof dueShops>>[number];

/** What to reconcile for a shop, or why not: only kinds its token may read and a connection wants. */
function target({ shop, session }: Due, now: Date): ShopToReconcile | string {
  if (!session?.accessToken) return "no offline session";
  if (session.expires && session.expires <= now) return "offline access token expired";
  const kinds = grantedKinds(session.scope).filter((k) =>
    shop.connections.some((c) => connectionWants(c, k, "upsert", RECONCILE_TOPICS[k])),
  );
  if (kinds.length === 0) return "no connection wants what the token may read";
  return { id: shop.id, domain: shop.domain, accessToken: session.accessToken, kinds };
}

/** How long to leave a shop alone after a failed pass: a throttled one resumes soon, others next interval. */
function backoffMs(err: unknown, config: ReconcileConfig): number {
  const cause = err instanceof PassFailedError ? err.cause : err;
  if (cause instanceof AdminApiError && cause.code === "throttled") return Math.max(cause.details.retryAfterMs ?? 0, config.checkMs);
  return config.intervalMs;
}

export function createReconciler(config: ReconcileConfig) {
  let running = false;
  let lastCheck = -Infinity;
  const notBefore = new Map<string, number>();

  async function reconcileOne(due: Due, now: Date): Promise<ShopReport> {
    const shop = due.shop.domain;
    const what = target(due, now);
    if (typeof what === "string") return { shop, outcome: "skipped", reason: what };
    if ((notBefore.get(due.shop.id) ?? 0) > now.getTime()) return { shop, outcome: "skipped", reason: "backing off after a failed pass" };
    const previous = due.shop.lastReconciledAt;
    const claim = await prisma.shop.updateMany({ where: { id: due.shop.id, lastReconciledAt: previous }, data: { lastReconciledAt: now } });
    if (claim.count === 0) return { shop, outcome: "skipped", reason: "another worker is reconciling it" };
    const since = new Date((previous ?? now).getTime() - config.lookbackMs);
    try {
      const counts = await reconcileShop(what, since, now, log);
      notBefore.delete(due.shop.id);
      log.info({ shop, since, ...counts }, "reconciliation pass done");
      return { shop, outcome: "reconciled", counts };
    } catch (err) {
      // Hand the window back so the next pass covers it again (if this fails too, the next
      // window still overlaps this one by the whole lookback).
      await prisma.shop.updateMany({ where: { id: due.shop.id, lastReconciledAt: now }, data: { lastReconciledAt: previous } }).catch(() => undefined);
      notBefore.set(due.shop.id, now.getTime() + backoffMs(err, config));
      const cause = err instanceof PassFailedError ? err.cause : err;
      log.warn(
        {
          shop,
          kind: err instanceof PassFailedError ? err.kind : undefined,
          code: cause instanceof AdminApiError ? cause.code : undefined,
          err: cause instanceof Error ? cause.message : String(cause),
        },
        "reconciliation pass failed; retrying later",
      );
      return { shop, outcome: "failed", error: (err as Error).message };
    }
  }

  /** Never throws and never waits on a pass in progress: safe to call on every worker loop. */
  return async function reconcileDueShops(now = new Date()): Promise<ShopReport[]> {
    if (config.intervalMs <= 0 || running || now.getTime() - lastCheck < config.checkMs) return [];
    running = true;
    lastCheck = now.getTime();
    const reports: ShopReport[] = [];
    try {
      for (const due of await dueShops(now, config)) reports.push(await reconcileOne(due, now));
    } catch (err) {
      log.error({ err }, "reconciliation check failed; retrying at the next check");
    } finally {
      running = false;
    }
    return reports;
  };
}

/** The process's reconciler, configured from the environment. */
export const reconcileDueShops = createReconciler(reconcileConfig(process.env, (msg) => log.warn(msg)));
