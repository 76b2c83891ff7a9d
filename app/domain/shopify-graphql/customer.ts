// The Customer node of `query ReconcileCustomer` → Customer. Email and consent come from
// `defaultEmailAddress` (API 2025-04 on), which replaced `email` and `emailMarketingConsent`.
import { z } from "zod/v4";
import { mapConsent } from "../shopify/customer";
import type { Customer, MarketingConsent } from "../types";
import { mailingAddress, mapMailingAddress } from "./address";
import { date, gid, parsePayload, tagList, text } from "./parse";

export const emailAddress = z
  .object({ emailAddress: text, marketingState: z.string().nullish(), marketingUpdatedAt: date.nullish() })
  .passthrough()
  .nullish();

/** SUBSCRIBED, PENDING, … are the webhook states upper-cased: read them the same way. */
export const mapMarketingState = (e: z.output<typeof emailAddress>): MarketingConsent =>
  mapConsent({ state: e?.marketingState?.toLowerCase() });

export const customerNode = z
  .object({
    id: gid,
    firstName: text,
    lastName: text,
    createdAt: date,
    updatedAt: date,
    tags: tagList,
    defaultEmailAddress: emailAddress,
    defaultPhoneNumber: z.object({ phoneNumber: text }).passthrough().nullish(),
    defaultAddress: mailingAddress.nullish(),
  })
  .passthrough();

export function mapCustomerNode(payload: unknown): Customer {
  const c = parsePayload(customerNode, payload);
  return {
    id: c.id,
    email: c.defaultEmailAddress?.emailAddress ?? null,
    phone: c.defaultPhoneNumber?.phoneNumber ?? null,
    firstName: c.firstName,
    lastName: c.lastName,
    createdAt: c.createdAt,
    updatedAt: c.updatedAt,
    tags: c.tags,
    emailMarketing: mapMarketingState(c.defaultEmailAddress),
    emailMarketingUpdatedAt: c.defaultEmailAddress?.marketingUpdatedAt ?? null,
    defaultAddress: mapMailingAddress(c.defaultAddress),
  };
}
