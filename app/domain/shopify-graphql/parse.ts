// Shared pieces of the Admin GraphQL node schemas: global ids, money bags, upper-case enums and
// connections. Scalars that read the same as in webhooks (dates, decimals, optional text) are reused.
import { z } from "zod/v4";

export { date, InvalidPayloadError, money, parsePayload, sum, text } from "../shopify/parse";
import { money } from "../shopify/parse";

/** "gid://shopify/Order/5901234567890" → "5901234567890": the id webhooks, and so vendors, know. */
export const gid = z
  .string()
  .regex(/^gid:\/\/shopify\/\w+\/\d+$/, "Expected a Shopify global id")
  .transform((s) => s.slice(s.lastIndexOf("/") + 1));

/** A MoneyBag read in the shop's currency, the one REST amounts and the canonical model use. */
export const shopMoney = z
  .object({ shopMoney: z.object({ amount: money }).passthrough() })
  .passthrough()
  .transform((m) => m.shopMoney.amount);

/** GraphQL lists tags as an array, never as REST's comma-separated string. */
export const tagList = z.array(z.string()).default([]);

/**
 * A connection's nodes. Fetching one record reads one page of each nested connection; a record
 * with more (an order of 100 lines) is refused rather than delivered short.
 */
export const nodes = <S extends z.ZodType>(schema: S) =>
  z
    .object({ nodes: z.array(schema), pageInfo: z.object({ hasNextPage: z.boolean() }).passthrough().optional() })
    .passthrough()
    .refine((c) => !c.pageInfo?.hasNextPage, "more than one page: the record is too large to reconcile in one query")
    .transform((c) => c.nodes as z.output<S>[]);

/** "PARTIALLY_REFUNDED" → "partially_refunded": REST's spelling, which the canonical model follows. */
export const lowerEnum = z
  .string()
  .nullish()
  .transform((s) => (s ? s.toLowerCase() : null));
