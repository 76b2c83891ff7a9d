// Shared pieces of the webhook schemas: Shopify's REST encodings (numeric ids, money as decimal
// strings, ISO dates with offsets, comma-separated tags) and the error that names the bad field.
import { datetimeRegex, z } from "zod";

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

/** Parses with `schema`, or throws InvalidPayloadError for the first issue zod reports. */
export function parsePayload<S extends z.ZodTypeAny>(schema: S, payload: unknown): z.output<S> {
  const result = schema.safeParse(payload);
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
    errorMap: (_issue, ctx) => ({ message: ctx.data === undefined ? "Required" : "Expected a decimal amount" }),
  })
  .transform((v) => cents(Number(v)));

// zod's own datetime pattern, built once: .datetime() builds its RegExp again on every value.
const DATETIME = datetimeRegex({ offset: true, local: false, precision: null });
/** An ISO date with its offset, left text: for reads that avoid `.transform()` (see topics.ts). */
export const dateText = z.string().regex(DATETIME, "Invalid datetime");
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
