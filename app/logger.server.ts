// Structured JSON logs. Every delivery log line carries shop, vendor and delivery id.
import pino from "pino";

const LEVELS = [...Object.keys(pino.levels.values), "silent"];

/**
 * LOG_LEVEL, or the default with a line saying why: pino refuses an unknown level by throwing while
 * the server loads ("default level:verbose must be included in custom levels"), naming no setting.
 */
export function logLevel(env: Record<string, string | undefined> = process.env): { level: string; unreadable?: string } {
  const fallback = env.NODE_ENV === "test" ? "warn" : "info";
  const wanted = env.LOG_LEVEL?.trim().toLowerCase();
  if (!wanted) return { level: fallback };
  if (LEVELS.includes(wanted)) return { level: wanted };
  return { level: fallback, unreadable: `LOG_LEVEL "${env.LOG_LEVEL}" is not one of ${LEVELS.join(", ")}; logging at ${fallback}` };
}

const { level, unreadable } = logLevel();
export const logger = pino({
  level,
  base: { service: "conduit" },
  redact: { paths: ["*.apiSecret", "*.apiKey", "*.signatureSecret", "*.headlessSecret", "*.accessToken"], censor: "[secret]" },
});
if (unreadable) logger.warn(unreadable);

export type Log = pino.Logger;
