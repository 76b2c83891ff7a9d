// What each vendor takes from an import, and why not the rest. The outbox and the vendor folders
// decide the details; these are the lines the Import page shows beside each vendor.
import { findVendor } from "../vendors";
import { KIND, type Resource } from "./resources";

export const TRACIFY_PAST_ORDERS =
  "Tracify attributes a purchase to an ad click by the buyer's IP address and browser user agent, both required by its events API. " +
  "The Admin API keeps no user agent for past orders, so past orders cannot be attributed and are not sent; orders from now on arrive by webhook with it.";

export const VENDOR_NOTES: Record<string, string> = {
  metrilo: "Customers, then categories, then products, then orders, through Metrilo's /batch endpoints — each step once the one before has arrived, so no order names an unknown customer or product.",
  ometria: "Contacts, products (with variants) and orders through the push API at Ometria's own limit, 4 calls a second of 100 records. Ometria has no categories.",
  tracktor: "Customers as people (/set) and orders as purchase events (/track). Tracktor.io has no catalogue.",
  tracify: TRACIFY_PAST_ORDERS,
};

/** Why `vendor` gets none of `resource`, or undefined when it takes it. */
export function notSent(vendor: string, resource: Resource): string | undefined {
  const v = findVendor(vendor);
  if (!v) return `unknown vendor ${vendor}`;
  if (vendor === "tracify" && resource === "orders") return TRACIFY_PAST_ORDERS;
  if (!v.accepts(KIND[resource], "upsert", `${resource}/import`)) return `${v.id} takes no ${resource}`;
  return undefined;
}

/** Metrilo silently drops an order naming a customer or product it does not know yet. */
export const waitsForEachResource = (vendor: string) => vendor === "metrilo";
