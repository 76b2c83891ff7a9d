// Structured JSON logs. Every delivery log line carries shop, vendor and delivery id.
import pino from "pino";

export const logger = pino({
  level: process.env.LOG_LEVEL ?? (process.env.NODE_ENV === "test" ? "warn" : "info"),
  base: { service: "conduit" },
  redact: { paths: ["*.apiSecret", "*.apiKey", "*.signatureSecret", "*.headlessSecret", "*.accessToken"], censor: "[secret]" },
});

export type Log = pino.Logger;
