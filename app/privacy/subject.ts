// Who a privacy request is about, and whether a stored text mentions them. Matching is exact on the
// values a payload carries (customer id, email case-insensitively, phone by its digits), never a
// substring or SQL pattern: `john_doe@x.com` is not `johnXdoe@x.com`, and `doe@x.com` is not
// `john.doe@x.com`. SQL only narrows the candidates (likePatterns); this decides.
import { createHash } from "node:crypto";

export interface PrivacyPayload {
  customer?: { id?: number | string | null; email?: string | null; phone?: string | null };
  orders_requested?: (number | string)[];
  orders_to_redact?: (number | string)[];
}

export interface Subject {
  customerId?: string;
  /** Lower-cased. */
  email?: string;
  /** Digits only, at least 7 of them. */
  phone?: string;
  orderIds: string[];
}

const digits = (s: string) => s.replace(/\D/g, "");

export function subjectOf(payload: PrivacyPayload): Subject {
  const c = payload.customer ?? {};
  const phone = typeof c.phone === "string" ? digits(c.phone) : "";
  return {
    customerId: c.id != null && String(c.id).trim() !== "" ? String(c.id).trim() : undefined,
    email: c.email?.trim().toLowerCase() || undefined,
    phone: phone.length >= 7 ? phone : undefined,
    orderIds: (payload.orders_requested ?? payload.orders_to_redact ?? []).map(String),
  };
}

/** What a redaction keeps to prove it was honoured, and to recognise the email later: never the email itself. */
export const emailDigest = (email: string) => createHash("sha256").update(email.trim().toLowerCase()).digest("hex");

/** The same number, written with or without a country code, trunk prefix or separators. */
function samePhone(value: string, phone: string): boolean {
  const [a, b] = [digits(value), phone].map((d) => d.replace(/^0+/, ""));
  if (a.length < 7 || b.length < 7) return false;
  return a.endsWith(b) || b.endsWith(a);
}

const escapeRegExp = (s: string) => s.replace(/[.*+?^${}()|[\]\\]/g, "\\$&");

/** The email as a whole value: not part of a longer address on either side. */
const emailPattern = (email: string) => new RegExp(`(^|[^a-z0-9._%+-])${escapeRegExp(email)}(?![a-z0-9-]|\\.[a-z0-9-])`, "i");

/** Walks a parsed payload for the customer id under a customer key, and phone numbers under phone keys. */
function walk(value: unknown, s: Subject, key = ""): boolean {
  if (Array.isArray(value)) return value.some((v) => walk(v, s, key));
  if (value === null || typeof value !== "object") {
    if (s.phone && typeof value === "string" && /phone/i.test(key)) return samePhone(value, s.phone);
    // customer_id in Shopify's payloads; customerId in the pixel's events (app/collect/event.ts).
    if (s.customerId && (key === "customer_id" || key === "customerId")) return String(value) === s.customerId;
    // Admin API ids (admin_graphql_api_id, GraphQL nodes fetched by reconciliation).
    if (s.customerId && value === `gid://shopify/Customer/${s.customerId}`) return true;
    return false;
  }
  const obj = value as Record<string, unknown>;
  if (s.customerId && /customer/i.test(key) && String(obj.id) === s.customerId) return true;
  return Object.entries(obj).some(([k, v]) => walk(v, s, k));
}

/** Whether `text` (a stored payload, a sent body, an error) carries this subject's data. */
export function mentions(s: Subject, text: string | null | undefined): boolean {
  if (!text) return false;
  if (s.email && emailPattern(s.email).test(text)) return true;
  if (!s.customerId && !s.phone) return false;
  let parsed: unknown;
  try {
    parsed = JSON.parse(text);
  } catch {
    // A truncated excerpt: the email test above is all that can be said of it.
    return false;
  }
  return walk(parsed, s);
}

/**
 * SQL LIKE patterns (escape character `!`, to compare with lower(column)) that every text
 * mentioning the subject matches: the email, the customer id, the phone's last four digits. They
 * over-match on purpose; `mentions` decides.
 */
export function likePatterns(s: Subject): string[] {
  return [s.email && asciiPart(s.email), s.customerId, s.phone?.slice(-4)].filter((v): v is string => Boolean(v)).map(likeValue);
}

/** A LIKE pattern (escape `!`, compared with lower(column)) for texts containing `v`. */
export const likeValue = (v: string) => `%${v.toLowerCase().replace(/[!%_]/g, "!$&")}%`;

/** The browser's client id a stored pixel event carries (app/collect/event.ts), if any. */
export function clientIdOf(payload: string): string | undefined {
  try {
    const id = (JSON.parse(payload) as { clientId?: unknown }).clientId;
    return typeof id === "string" && id ? id : undefined;
  } catch {
    return undefined;
  }
}

/**
 * SQLite's lower() and LIKE fold ASCII letters only (PostgreSQL's depend on the database's locale):
 * a non-ASCII email is narrowed by its longest ASCII stretch, which every spelling of it contains.
 */
function asciiPart(email: string): string {
  if (!/[^\x00-\x7f]/.test(email)) return email;
  const runs = email.split(/[^\x00-\x7f]+/).sort((a, b) => b.length - a.length);
  return runs[0].length >= 3 ? runs[0] : email;
}
