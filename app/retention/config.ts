// How long Conduit keeps what it stored: CONDUIT_RETENTION_DAYS (default 30) for delivered and
// skipped outbox rows, the webhook payloads nothing still waits on, and the emails kept to answer
// data requests; CONDUIT_RETENTION_FAILED_DAYS (default 90) for dead and rejected rows and
// rejected webhooks, which the merchant may still replay. 0 keeps that kind forever. Fractions are
// allowed (tests use seconds).
import { envNumber, type Warn } from "../env";

export interface RetentionConfig {
  /** 0 = never pruned. */
  keepMs: number;
  failedKeepMs: number;
  /** How often a worker looks for expired rows. */
  checkMs: number;
}

type Env = Record<string, string | undefined>;
const DAY_MS = 86_400_000;

/** A bad value must not stop delivery: it warns and the documented default applies (app/env.ts). */
const days = (env: Env, name: string, fallback: number, warn: Warn) => envNumber(name, fallback, { unit: "days" }, env, warn);

export function retentionConfig(env: Env = process.env, warn: Warn = () => undefined): RetentionConfig {
  const keepMs = days(env, "CONDUIT_RETENTION_DAYS", 30, warn) * DAY_MS;
  const failedKeepMs = days(env, "CONDUIT_RETENTION_FAILED_DAYS", 90, warn) * DAY_MS;
  const shortest = Math.min(...[keepMs, failedKeepMs].filter((ms) => ms > 0));
  // Hourly, or more often for a window shorter than ten hours: nothing outlives it by more than 10 %.
  return { keepMs, failedKeepMs, checkMs: Number.isFinite(shortest) ? Math.min(3_600_000, shortest / 10) : Infinity };
}
