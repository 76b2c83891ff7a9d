// MailingAddress → Address. `province` is the name, as in webhooks; the country comes as an ISO code.
import { z } from "zod/v4";
import type { Address } from "../types";
import { text } from "./parse";

export const mailingAddress = z
  .object({
    firstName: text,
    lastName: text,
    company: text,
    address1: text,
    address2: text,
    city: text,
    province: text,
    zip: text,
    countryCodeV2: text,
    phone: text,
  })
  .passthrough();

export function mapMailingAddress(a: z.output<typeof mailingAddress> | null | undefined): Address | null {
  if (!a) return null;
  return {
    firstName: a.firstName,
    lastName: a.lastName,
    company: a.company,
    address1: a.address1,
    address2: a.address2,
    city: a.city,
    province: a.province,
    zip: a.zip,
    countryCode: a.countryCodeV2,
    phone: a.phone,
  };
}
