// Tracify's "anonymization": raw email, IP or user agent never leave our server, only these keys.
import { createHash } from "node:crypto";

const sha256hex = (value: string) => createHash("sha256").update(value, "utf8").digest("hex");

/** sha256hex(value), drop its last 5 hex characters, sha256hex of the rest. */
export function anonymize(value: string): string {
  return sha256hex(sha256hex(value).slice(0, -5));
}

/** Trimmed and lowercased, so browser and server events of one person get the same key. */
export const normalizeEmail = (email: string) => email.trim().toLowerCase();

/** Identity classes: 1 email, 2 session (IP|UA), 3 IP, 4 user agent. */
export type IdentityClass = 1 | 2 | 3 | 4;

export function identityData(who: { email: string | null; ip: string; userAgent: string }): Record<string, IdentityClass> {
  const data: Record<string, IdentityClass> = {};
  const email = who.email ? normalizeEmail(who.email) : "";
  if (email) data[anonymize(email)] = 1;
  data[anonymize(`${who.ip}|${who.userAgent}`)] = 2;
  data[anonymize(who.ip)] = 3;
  data[anonymize(who.userAgent)] = 4;
  return data;
}
