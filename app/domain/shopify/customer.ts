// customers/create and customers/update → Customer.
import { z } from "zod/v4";
import type { Customer, MarketingConsent } from "../types";
import { addressPayload, mapAddress } from "./address";
import { date, parsePayload, shopifyId, tags, text } from "./parse";

const CONSENT: Record<string, MarketingConsent> = {
  subscribed: "subscribed",
  // Pending = double opt-in not confirmed yet: not consent to email.
  pending: "not_subscribed",
  not_subscribed: "not_subscribed",
  unsubscribed: "unsubscribed",
};

export const consentPayload = z
  .object({ state: z.string().nullish(), consent_updated_at: date.nullish() })
  .passthrough()
  .nullish();

/** Shopify's consent state; anything else (redacted, invalid, absent) is "unknown". */
export const mapConsent = (c: z.output<typeof consentPayload>): MarketingConsent =>
  CONSENT[c?.state ?? ""] ?? "unknown";

export const customerPayload = z
  .object({
    id: shopifyId,
    email: text,
    phone: text,
    first_name: text,
    last_name: text,
    created_at: date,
    updated_at: date,
    tags,
    email_marketing_consent: consentPayload,
    default_address: addressPayload.nullish(),
  })
  .passthrough();

export function mapCustomer(payload: unknown): Customer {
  const c = parsePayload(customerPayload, payload);
  return {
    id: c.id,
    email: c.email,
    phone: c.phone,
    firstName: c.first_name,
    lastName: c.last_name,
    createdAt: c.created_at,
    updatedAt: c.updated_at,
    tags: c.tags,
    emailMarketing: mapConsent(c.email_marketing_consent),
    emailMarketingUpdatedAt: c.email_marketing_consent?.consent_updated_at ?? null,
    defaultAddress: mapAddress(c.default_address),
  };
}
