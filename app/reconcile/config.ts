// When reconciliation runs and how far back it looks: CONDUIT_RECONCILE_MINUTES between two passes
// of a shop (default 60; 0 turns reconciliation off) and CONDUIT_RECONCILE_LOOKBACK_HOURS (default
// 48) before the previous pass, so that consecutive windows overlap and a late record is still seen.
import { envNumber, type Warn } from "../env";

/**
 * The Admin API version of the queries, the same as the webhooks Conduit subscribes to
 * (shopify.app.toml) and the app's own (shopify.server.ts). 2026-01 was the first with
 * `bulkOperation(id:)`, which the historical import polls; 2026-10 because 2026-01 is supported
 * only until 2027-01-01, and versions before 2026-07 hide collections built with Shopify's new
 * collection model from `collections` and `product.collections`.
 */
export const ADMIN_API_VERSION = "2026-10";

export interface ReconcileConfig {
  /** Time between two passes of one shop; 0 when reconciliation is off. */
  intervalMs: number;
  /** How far before the previous pass (or now, the first time) a pass looks. */
  lookbackMs: number;
  /** How often a worker asks which shops are due: once a minute, more often for shorter intervals. */
  checkMs: number;
}

type Env = Record<string, string | undefined>;

/** A bad value must not stop delivery: it warns and the documented default applies (app/env.ts). */
const nonNegative = (env: Env, name: string, fallback: number, warn: Warn) => envNumber(name, fallback, {}, env, warn);

export function reconcileConfig(env: Env = process.env, warn: Warn = () => undefined): ReconcileConfig {
  const intervalMs = nonNegative(env, "CONDUIT_RECONCILE_MINUTES", 60, warn) * 60_000;
  const lookbackMs = nonNegative(env, "CONDUIT_RECONCILE_LOOKBACK_HOURS", 48, warn) * 3_600_000;
  return { intervalMs, lookbackMs, checkMs: Math.min(60_000, intervalMs) };
}
