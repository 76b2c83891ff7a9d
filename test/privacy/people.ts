// Customers of the fixture shop for privacy tests: each with their own id, email or phone, name and
// street, and the texts Conduit could hold on them anywhere in the database.
import type { PrismaClient } from "../../node_modules/.conduit/prisma-sqlite/index.js";
import { fixture } from "../fixtures/shopify";
import type { Hook } from "../support/entities";

export interface Person {
  id: number;
  email: string | null;
  phone: string | null;
  first: string;
  last: string;
  street: string;
}

export const person = (n: number, p: Partial<Person> = {}): Person => ({
  id: 9_200_000_000_000 + n,
  email: `person${n}@example.com`,
  phone: null,
  first: `Firstname${n}`,
  last: `Lastname${n}`,
  street: `${n} Privacy Street`,
  ...p,
});

const address = (p: Person, phone = p.phone) => ({
  first_name: p.first, last_name: p.last, name: `${p.first} ${p.last}`, address1: p.street, address2: "", city: "London",
  zip: "SW1Y 4JH", country: "United Kingdom", country_code: "GB", phone, company: null, province: null, province_code: null,
});

export function customerHook(p: Person, version = 1): Hook {
  const c = fixture("customers-create");
  const a = { ...c.default_address, ...address(p), customer_id: p.id };
  Object.assign(c, {
    id: p.id, email: p.email, phone: p.phone, first_name: p.first, last_name: p.last,
    updated_at: new Date(Date.UTC(2026, 10, 10, 12, version)).toISOString(),
    admin_graphql_api_id: `gid://shopify/Customer/${p.id}`, addresses: [a], default_address: a,
  });
  return { topic: version === 1 ? "customers/create" : "customers/update", payload: c };
}

/** A checkout: by a customer account, or as a guest (no customer, the phone typed as the buyer pleased). */
export function checkoutHook(p: Person, opts: { guest?: boolean; typedPhone?: string } = {}): Hook {
  const c = fixture("checkouts-create");
  const a = address(p, opts.typedPhone ?? p.phone);
  Object.assign(c, {
    token: `checkout-${p.id}`, email: p.email, phone: opts.guest ? null : p.phone, name: `#c${p.id}`,
    shipping_address: a, billing_address: a,
    customer: opts.guest ? null : { ...c.customer, id: p.id, email: p.email, phone: p.phone, first_name: p.first, last_name: p.last, default_address: { ...a, customer_id: p.id } },
  });
  return { topic: "checkouts/create", payload: c };
}

export const privacyPayload = (p: Person, orders: number[] = []) => ({
  shop_id: 1, shop_domain: "conduit-test.myshopify.com", customer: { id: p.id, email: p.email, phone: p.phone },
  orders_to_redact: orders, orders_requested: orders, data_request: { id: p.id },
});

/** Every text Conduit keeps that could carry personal data, of every shop. */
export async function heldText(db: PrismaClient): Promise<string> {
  const [events, deliveries, attempts, states, requests] = await Promise.all([
    db.webhookEvent.findMany({ select: { payload: true, rejectReason: true } }),
    db.delivery.findMany({ select: { sentBody: true, responseExcerpt: true, lastError: true } }),
    db.deliveryAttempt.findMany({ select: { response: true, error: true } }),
    db.syncState.findMany({ select: { key: true, memo: true } }),
    db.privacyRequest.findMany({ select: { email: true, report: true, customerId: true } }),
  ]);
  return JSON.stringify([events, deliveries, attempts, states, requests]);
}

/** The texts that would show this person's data is still there. */
export const traces = (p: Person) => [p.email, p.first, p.last, p.street, p.phone?.slice(-7)].filter((t): t is string => Boolean(t));

export function tracesIn(text: string, p: Person): string[] {
  const lower = text.toLowerCase();
  return traces(p).filter((t) => lower.includes(t.toLowerCase()));
}
