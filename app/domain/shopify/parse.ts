// Shared pieces of the webhook schemas: Shopify's REST encodings (numeric ids, money as decimal
// strings, ISO dates with offsets, comma-separated tags) and the error that names the bad field.
import { z } from "zod/v4";

/** The payload is not what its topic promises; retrying cannot help. */
export class InvalidPayloadError extends Error {
  constructor(
    readonly field: string,
    readonly reason: string,
  ) {
    super(`${field}: ${reason}`);
    this.name = "InvalidPayloadError";
  }
}

const kindOf = (v: unknown) => (v === null ? "null" : Array.isArray(v) ? "array" : typeof v === "number" && Number.isNaN(v) ? "nan" : typeof v);

/**
 * A wrong or missing value says what was expected and what came ("Expected number, received
 * string", "Required"): the reasons merchants already see on rejected records, in the words
 * zod 3 used.
 */
const reasons: z.core.$ZodErrorMap = (issue) => {
  if (issue.code === "invalid_type") return issue.input === undefined ? "Required" : `Expected ${issue.expected}, received ${kindOf(issue.input)}`;
  if ((issue.code === "too_small" || issue.code === "too_big") && (issue.origin === "array" || issue.origin === "string")) {
    const bound = issue.code === "too_small" ? issue.minimum : issue.maximum;
    const how = issue.exact ? "exactly" : issue.code === "too_small" ? "at least" : "at most";
    return `${issue.origin === "array" ? "Array" : "String"} must contain ${how} ${bound} ${issue.origin === "array" ? "element(s)" : "character(s)"}`;
  }
  return undefined;
};

/** Parses with `schema`, or throws InvalidPayloadError for the first issue zod reports. */
export function parsePayload<S extends z.ZodType>(schema: S, payload: unknown): z.output<S> {
  const result = schema.safeParse(payload, { error: reasons });
  if (result.success) return result.data;
  const issue = result.error.issues[0];
  throw new InvalidPayloadError(issue.path.join(".") || "(payload)", issue.message);
}

export const cents = (n: number) => Math.round((n + Number.EPSILON) * 100) / 100;
export const sum = (values: number[]) => cents(values.reduce((a, b) => a + b, 0));

/** A numeric id as Shopify sends it, left a number: for reads that avoid `.transform()` (see topics.ts). */
export const shopifyIdNumber = z.number().int().positive();
export const shopifyId = shopifyIdNumber.transform(String);

const DECIMAL = /^-?\d+(\.\d+)?$/;
// Mostly decimal strings ("49.50"), but refund_line_items.subtotal/total_tax are JSON numbers.
// Strings first: a union tries its members in order, and a failed member builds its issues (a
// tenth of an import worker's zod time went to failing z.number() on GraphQL's decimal strings).
export const money = z
  .union([z.string().regex(DECIMAL, "Expected a decimal amount"), z.number()], {
    error: (issue) => (issue.input === undefined ? "Required" : "Expected a decimal amount"),
  })
  .transform((v) => cents(Number(v)));

/** An ISO date with its offset, left text: for reads that avoid `.transform()` (see topics.ts). */
export const dateText = z.iso.datetime({ offset: true, error: (issue) => (issue.code === "invalid_type" ? undefined : "Invalid datetime") });
export const date = dateText.transform((s) => new Date(s));

/** Optional text; Shopify sends "" as often as null for "none". */
export const text = z
  .string()
  .nullish()
  .transform((s) => (s ? s : null));

/** "vip, newsletter" → ["vip", "newsletter"] */
export const tags = z
  .string()
  .nullish()
  .transform((s) => (s ?? "").split(",").map((t) => t.trim()).filter(Boolean));

/** Payload of a "…/delete" topic: only the id is reliable. */
export const deletedPayload = z.object({ id: shopifyId }).passthrough();
