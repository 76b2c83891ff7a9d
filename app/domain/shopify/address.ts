import { z } from "zod/v4";
import type { Address } from "../types";
import { text } from "./parse";

export const addressPayload = z
  .object({
    first_name: text,
    last_name: text,
    company: text,
    address1: text,
    address2: text,
    city: text,
    province: text,
    zip: text,
    country_code: text,
    phone: text,
  })
  .passthrough();

export function mapAddress(a: z.output<typeof addressPayload> | null | undefined): Address | null {
  if (!a) return null;
  return {
    firstName: a.first_name,
    lastName: a.last_name,
    company: a.company,
    address1: a.address1,
    address2: a.address2,
    city: a.city,
    province: a.province,
    zip: a.zip,
    countryCode: a.country_code,
    phone: a.phone,
  };
}
