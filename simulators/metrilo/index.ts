// Metrilo backend API v2 as the real service behaves: signed JSON envelopes, OpenAPI record
// contracts, 5 MB requests, its documented status codes and messages — and its trap: an order that
// names an unknown customer or product is answered 200 but never stored (kept in `dropped`).
import { createHmac } from "node:crypto";
import type { SimRequest, SimResponse, SimulatorDefinition } from "../base";
import { check, shapes, type Shape } from "./schema";

export interface MetriloSimOptions {
  token?: string;
  secret?: string;
  /** Answer 402 "Project requires payment." to every call. */
  paymentRequired?: boolean;
  /** The project ignores the caller's IP address: 403 to every call. */
  ipIgnored?: boolean;
}

export interface StoredCustomer {
  email: string;
  createdAt: number;
  firstName?: string;
  lastName?: string;
  subscribed?: boolean;
  tags: string[];
}
export interface StoredCategory { id: string; name: string; url?: string }
export interface StoredOption { id: string; name: string; price: number; sku?: string; imageUrl?: string }
export interface StoredProduct {
  id: string;
  name: string;
  price?: number;
  url?: string;
  imageUrl?: string;
  sku?: string;
  categories?: string[];
  options: StoredOption[];
}
export interface StoredOrder {
  id: string;
  createdAt: number;
  amount: number;
  status: string;
  email?: string;
  products: { productId: string; quantity: number }[];
  coupons?: string[];
  billing?: Record<string, string>;
  ipAddress?: string;
}
/** A call Metrilo answered 200 but did nothing with. */
export interface Dropped { path: string; id: string; reason: string }

/** "Each request you send to Metrilo is limited to 5MB." */
export const MAX_BODY_BYTES = 5 * 1024 * 1024;

const answer = (status: number, message: string): SimResponse => ({ status, body: { message } });
const union = (a: string[], b: string[]) => [...new Set([...a, ...b])];

export function createMetriloSimulator(opts: MetriloSimOptions = {}) {
  const token = opts.token ?? "sh0p-t0k3n";
  const secret = opts.secret ?? "m3trilo-secr3t";
  const account = { paymentRequired: opts.paymentRequired ?? false, ipIgnored: opts.ipIgnored ?? false };
  const customers = new Map<string, StoredCustomer>();
  const categories = new Map<string, StoredCategory>();
  const products = new Map<string, StoredProduct>();
  const orders = new Map<string, StoredOrder>();
  const dropped: Dropped[] = [];

  const key = (email: string) => email.trim().toLowerCase();

  function tagging(path: string, apply: (c: StoredCustomer, tags: string[]) => string[]) {
    return (r: { email: string; tags: string[] }) => {
      const c = customers.get(key(r.email));
      if (c) c.tags = apply(c, r.tags);
      else dropped.push({ path, id: r.email, reason: `unknown customer ${r.email}` });
    };
  }

  const endpoints: Record<string, { shape: Shape; batch: boolean; apply(record: never): void }> = {
    "/customer": {
      shape: shapes.customer,
      batch: true,
      apply(r: Omit<StoredCustomer, "tags"> & { tags?: string[] }) {
        const old = customers.get(key(r.email));
        customers.set(key(r.email), { ...old, ...r, tags: union(old?.tags ?? [], r.tags ?? []) });
      },
    },
    "/customer/tag": { shape: shapes.tagging, batch: false, apply: tagging("/customer/tag", (c, tags) => union(c.tags, tags)) },
    "/customer/untag": {
      shape: shapes.tagging,
      batch: false,
      apply: tagging("/customer/untag", (c, tags) => c.tags.filter((t) => !tags.includes(t))),
    },
    "/category": { shape: shapes.category, batch: true, apply: (r: StoredCategory) => categories.set(r.id, { ...r }) },
    "/product": {
      shape: shapes.product,
      batch: true,
      // Fields sent replace the stored ones (categories included); options merge by id.
      apply(r: Omit<StoredProduct, "options"> & { options?: StoredOption[] }) {
        const old = products.get(r.id);
        const options = new Map((old?.options ?? []).map((o) => [o.id, o]));
        for (const o of r.options ?? []) options.set(o.id, { ...options.get(o.id), ...o });
        products.set(r.id, { ...old, ...r, options: [...options.values()] });
      },
    },
    "/order": {
      shape: shapes.order,
      batch: true,
      apply(r: StoredOrder) {
        const missing = [
          ...(r.email !== undefined && !customers.has(key(r.email)) ? [`unknown customer ${r.email}`] : []),
          ...r.products.filter((p) => !products.has(p.productId)).map((p) => `unknown product ${p.productId}`),
        ];
        if (missing.length) dropped.push({ path: "/order", id: r.id, reason: missing.join(", ") });
        else orders.set(r.id, r);
      },
    },
  };

  /** The first thing wrong with a record beyond its shape: price is required unless options are given. */
  function violation(record: unknown, shape: Shape, at: string): string | null {
    const error = check(record, shape, at);
    if (error || shape !== shapes.product) return error;
    const p = record as { price?: number; options?: unknown[] };
    return p.price === undefined && !p.options?.length ? `${at}.price is required when the product has no options` : null;
  }

  function handle(req: SimRequest): SimResponse {
    const path = req.path.replace(/^\/v2(?=\/)/, "");
    const batch = path.endsWith("/batch");
    const endpoint = endpoints[batch ? path.slice(0, -"/batch".length) : path];
    if (!endpoint || (batch && !endpoint.batch)) return answer(404, `No route for ${req.path}`);
    if (req.method !== "POST") return answer(405, "Only POST is supported");
    if (req.raw.length > MAX_BODY_BYTES) return answer(400, "Request body exceeds the 5MB limit");
    const digest = req.headers["x-digest"];
    if (typeof digest !== "string" || !digest) return answer(401, "X-Digest header is not provided");
    let body: Record<string, unknown>;
    try {
      body = JSON.parse(req.text) as Record<string, unknown>;
    } catch {
      return answer(400, "Request body is not valid JSON");
    }
    if (typeof body !== "object" || body === null || body.token !== token) return answer(401, "Project token is invalid");
    if (account.ipIgnored) return answer(403, "The IP that the request came from is ignored.");
    if (digest !== createHmac("sha256", secret).update(req.raw).digest("hex")) {
      return answer(403, "The provided X-Digest signature is invalid");
    }
    if (account.paymentRequired) return answer(402, "Project requires payment.");
    if (!Number.isInteger(body.time)) return answer(400, "time is required and must be an integer (milliseconds since 1970)");

    const records = batch ? body.batch : [body.params];
    if (batch && !Array.isArray(records)) return answer(400, "batch is required and must be an array");
    const list = records as unknown[];
    for (const [i, record] of list.entries()) {
      const error = violation(record, endpoint.shape, batch ? `batch[${i}]` : "params");
      if (error) return answer(400, error);
    }
    for (const record of list) endpoint.apply(record as never);
    return { status: 200 };
  }

  const definition: SimulatorDefinition = {
    name: "metrilo",
    handle,
    state: () => ({
      customers: [...customers.values()],
      categories: [...categories.values()],
      products: [...products.values()],
      orders: [...orders.values()],
      dropped,
    }),
    reset() {
      for (const store of [customers, categories, products, orders]) store.clear();
      dropped.length = 0;
      account.paymentRequired = opts.paymentRequired ?? false;
      account.ipIgnored = opts.ipIgnored ?? false;
    },
  };
  return { ...definition, account, customers, categories, products, orders, dropped };
}
