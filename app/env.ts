// The numbers Conduit reads from its environment: tuning knobs, limits, intervals. A value it
// cannot read must not stop delivery, and must not quietly become NaN either — NaN lanes are no
// lanes at all, a NaN poll interval a busy loop, `LIMIT NaN` a failing drain. It is logged once,
// naming the variable and what it should be, and the documented default applies.
import { logger } from "./logger.server";

type Env = Record<string, string | undefined>;
export type Warn = (msg: string) => void;

export interface NumberRule {
  /** The least value allowed (default 0). */
  min?: number;
  /** Whole numbers only (counts, sizes, bytes). */
  whole?: boolean;
  /** Must be more than `min`, not equal to it (an interval of 0 would spin). */
  aboveMin?: boolean;
  /** Named in the warning: "a number of days ≥ 0". */
  unit?: string;
}

// Several modules read some variables (CONDUIT_POLL_MS, CONDUIT_WORKER_CONCURRENCY): one line each.
const warned = new Set<string>();
/** Logs a warning about a setting once per process, however many modules read it. */
export const warnOnce: Warn = (msg) => {
  if (!warned.has(msg)) logger.warn(msg);
  warned.add(msg);
};

/**
 * What is wrong with an address setting, if anything: it must be an http(s) URL with a host.
 * `localhost:8080` parses as the scheme "localhost:", `http//x` not at all. A proxy's credentials
 * (`//user:secret@host`) stay out of the message.
 */
export function httpUrlProblem(name: string, value: string, example = "https://api.example.com"): string | undefined {
  try {
    const url = new URL(value);
    if ((url.protocol === "http:" || url.protocol === "https:") && url.host) return undefined;
  } catch {
    // described below
  }
  return `${name} must be an http(s) URL such as ${example}, not "${value.replace(/\/\/[^/@]*@/, "//…@")}"`;
}

/** `env[name]` as a number within `rule`; unset or empty: `fallback`; unreadable: a warning and `fallback`. */
export function envNumber(name: string, fallback: number, rule: NumberRule = {}, env: Env = process.env, warn: Warn = warnOnce): number {
  const raw = env[name]?.trim();
  if (!raw) return fallback;
  const n = Number(raw);
  const { min = 0, whole = false, aboveMin = false, unit } = rule;
  if (Number.isFinite(n) && (aboveMin ? n > min : n >= min) && (!whole || Number.isInteger(n))) return n;
  const kind = `${whole ? "a whole number" : "a number"}${unit ? ` of ${unit}` : ""}`;
  warn(`${name}="${raw}" is not ${kind} ${aboveMin ? ">" : "≥"} ${min}; using ${fallback}`);
  return fallback;
}

/** Whole and at least 1: a count of rows, lanes, connections, bytes. */
export const envCount = (name: string, fallback: number, env: Env = process.env) => envNumber(name, fallback, { min: 1, whole: true }, env);

/** More than 0: an interval or a timeout, where 0 would spin or fail everything. */
export const envInterval = (name: string, fallback: number) => envNumber(name, fallback, { aboveMin: true });
