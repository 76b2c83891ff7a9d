// One shop's recent history as the Admin API knows it, and the part of it Shopify's webhooks
// delivered: Ada's signup and the guest order (created, then cancelled) arrived; Grace's signup,
// the product's latest update and Ada's order #1001 never did.
import { gid } from "../../simulators/shopify-admin/records";
import { adminSample, seedRecord } from "../../simulators/shopify-admin/samples";
import type { AdminSeed } from "../../simulators/shopify-admin/store";
import { fixture } from "../fixtures/shopify";

export const ADA = "7390213816404";
export const GRACE = "7390213816405";
export const PRODUCT = "8901234567890";
export const ADA_ORDER = "5901234567890";
export const GUEST_ORDER = "5901234567891";

export function scenario(start = Date.now()) {
  // Shopify's DateTime has whole seconds.
  const at = (minutesAgo: number) => new Date(Math.floor((start - minutesAgo * 60_000) / 1000) * 1000);
  const grace = {
    ...adminSample("ada"),
    id: gid("Customer", GRACE),
    firstName: "Grace",
    lastName: "Hopper",
    defaultEmailAddress: { emailAddress: "grace@example.com", marketingState: "NOT_SUBSCRIBED", marketingUpdatedAt: null },
    defaultPhoneNumber: null,
    defaultAddress: null,
  };
  const seed: Required<Pick<AdminSeed, "customers" | "products" | "orders" | "collections">> = {
    customers: [seedRecord(adminSample("ada"), at(50)), seedRecord(grace, at(40))],
    products: [seedRecord({ ...adminSample("linenShirt"), title: "Linen shirt (new season)" }, at(30))],
    collections: [{ id: "412345678901", productIds: [PRODUCT] }],
    orders: [seedRecord(adminSample("adaOrder"), at(20)), seedRecord(adminSample("guestOrder"), at(10))],
  };
  const webhooks: [topic: string, payload: Record<string, unknown>][] = [
    ["customers/create", { ...fixture("customers-create"), updated_at: at(50).toISOString() }],
    // The product as first created; its update an hour later never arrived.
    ["products/create", { ...fixture("products-create"), updated_at: at(60).toISOString() }],
    ["orders/create", { ...fixture("orders-create-guest"), updated_at: at(12).toISOString() }],
    ["orders/cancelled", { ...fixture("orders-cancelled"), updated_at: at(10).toISOString() }],
  ];
  return { at, seed, webhooks };
}
