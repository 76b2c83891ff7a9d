// Delivery in Metrilo's import order — customers, categories, products, orders — because Metrilo
// answers 200 yet silently drops an order that names a customer or product it does not know.
// Each order therefore goes out only after its buyer and products are known to have arrived.
import type { Category, Customer, Order, Product } from "../../domain/types";
import { noteAttempted, RejectedRecordError, RetryableError } from "../errors";
import { excerpt } from "../http";
import type { DeliveryItem, ItemOutcome, VendorContext } from "../types";
import { Outcomes, type Sent } from "./outcomes";
import { fitsInRequest, post, recordBytes, splitRequests, upsert, type MetriloResource } from "./client";
import {
  buyerFromOrder, linkedLines, metriloEmail, orderEmail, productFromLine, toMetriloCategory, toMetriloCustomer,
  toMetriloOrder, toMetriloProduct, type MetriloCustomer, type MetriloProduct,
} from "./mapping";
import type { MetriloSettings } from "./settings";

type Ctx = VendorContext<MetriloSettings>;

/** ctx.state scopes: what Metrilo is known to have, and the tags it last got per customer. */
const STATE = { customer: "metrilo.customer", product: "metrilo.product", tags: "metrilo.tags" } as const;

/** Upserts in as few requests as the limits allow; a refused batch is resent record by record to find the culprit. */
async function upsertAll(ctx: Ctx, resource: MetriloResource, records: object[]): Promise<Sent[]> {
  const sizes = records.map(recordBytes);
  const results: Sent[] = [];
  for (const group of splitRequests(sizes)) {
    if (group.length === 1 && !fitsInRequest(sizes[group[0]])) {
      results[group[0]] = { ok: false, reason: `${resource} is ${sizes[group[0]]} bytes; Metrilo accepts at most 5 MB a request` };
      continue;
    }
    try {
      const res = await upsert(ctx, resource, group.map((i) => records[i]));
      for (const i of group) results[i] = { ok: true, httpStatus: res.status, response: excerpt(res.text) };
    } catch (err) {
      if (!(err instanceof RejectedRecordError)) throw err;
      if (group.length === 1) results[group[0]] = { ok: false, reason: err.message, httpStatus: err.httpStatus, response: err.response };
      else for (const i of group) results[i] = (await upsertAll(ctx, resource, [records[i]]))[0];
    }
  }
  return results;
}

type Of<T> = { item: DeliveryItem; record: T }[];

export async function deliver(ctx: Ctx, items: DeliveryItem[]): Promise<ItemOutcome[]> {
  const out = new Outcomes();
  const customers: Of<Customer> = [], categories: Of<Category> = [], products: Of<Product> = [], orders: Of<Order> = [];
  for (const item of items) {
    const e = item.entity;
    if (e.op === "delete") out.skip(item, "Metrilo has no delete endpoint");
    else if (e.kind === "customer") customers.push({ item, record: e.record });
    else if (e.kind === "category") categories.push({ item, record: e.record });
    else if (e.kind === "product") products.push({ item, record: e.record });
    else if (e.kind === "order") orders.push({ item, record: e.record });
    else out.skip(item, "storefront events reach Metrilo through its storefront tag, not the server");
  }
  try {
    await sendCustomers(ctx, out, customers);
    const cats = categories.map((c) => toMetriloCategory(c.record, ctx.shop));
    out.sending(categories.map((c, i) => ({ item: c.item, record: cats[i] })));
    (await upsertAll(ctx, "category", cats)).forEach((sent, i) => out.settle(categories[i].item, sent, cats[i]));
    await sendProducts(ctx, out, products);
    await sendOrders(ctx, out, orders);
  } catch (err) {
    // Nothing got through: the whole call failed, let the engine back off. Otherwise keep what
    // Metrilo answered and retry the rest (every send is an idempotent upsert).
    if (!(err instanceof RetryableError) || !out.progressed) throw noteAttempted(err, out.unanswered());
    return out.list(items, err);
  }
  return out.list(items);
}

async function sendCustomers(ctx: Ctx, out: Outcomes, entries: Of<Customer>): Promise<void> {
  const sendable: { item: DeliveryItem; record: MetriloCustomer }[] = [];
  for (const { item, record } of entries) {
    const email = metriloEmail(record.email);
    if (email) sendable.push({ item, record: toMetriloCustomer(record, email) });
    else out.skip(item, "customer has no email address, and Metrilo identifies customers by email");
  }
  // The tags each customer last got, read once for the call and before it: a read after the send
  // that failed would lose what Metrilo answered.
  const lastTags = await ctx.state.getMany(STATE.tags, sendable.map((s) => s.record.email));
  out.sending(sendable);
  const results = await upsertAll(ctx, "customer", sendable.map((s) => s.record));
  for (const [i, { item, record }] of sendable.entries()) {
    let sent = results[i];
    if (sent.ok) {
      await ctx.state.set(STATE.customer, record.email, { updatedAt: ctx.now() });
      sent = await untagRemoved(ctx, record, lastTags.get(record.email)?.memo) ?? sent;
    }
    out.settle(item, sent, record);
  }
}

function parseTags(memo: string | null | undefined): string[] {
  try {
    const tags: unknown = JSON.parse(memo ?? "[]");
    return Array.isArray(tags) ? tags.filter((t): t is string => typeof t === "string") : [];
  } catch {
    return [];
  }
}

/** Metrilo merges tags on upsert, so tags dropped in Shopify since the last send are removed explicitly. */
async function untagRemoved(ctx: Ctx, c: MetriloCustomer, lastMemo: string | null | undefined): Promise<Sent | null> {
  const tags = c.tags ?? [];
  const removed = parseTags(lastMemo).filter((t) => !tags.includes(t));
  if (removed.length) {
    try {
      await post(ctx, "/customer/untag", { params: { email: c.email, createdAt: c.createdAt, tags: removed } });
    } catch (err) {
      if (!(err instanceof RejectedRecordError)) throw err;
      const reason = `customer saved, but removing tags ${removed.join(", ")} failed: ${err.message}`;
      return { ok: false, reason, httpStatus: err.httpStatus, response: err.response };
    }
  }
  await ctx.state.set(STATE.tags, c.email, { updatedAt: ctx.now(), memo: JSON.stringify(tags) });
  return null;
}

async function sendProducts(ctx: Ctx, out: Outcomes, entries: Of<Product>): Promise<void> {
  const records = entries.map((p) => toMetriloProduct(p.record, ctx.shop));
  out.sending(entries.map((p, i) => ({ item: p.item, record: records[i] })));
  const results = await upsertAll(ctx, "product", records);
  for (const [i, sent] of results.entries()) {
    if (sent.ok) await ctx.state.set(STATE.product, records[i].id, { updatedAt: ctx.now() });
    out.settle(entries[i].item, sent, records[i]);
  }
}

/**
 * Upserts the buyers and products that orders name but Metrilo is not known to have, built from
 * the order itself. Returns why each dependency failed, keyed "customer:<email>" / "product:<id>".
 */
async function upsertDependencies(ctx: Ctx, orders: { order: Order; email: string }[]): Promise<Map<string, string>> {
  const customers = new Map<string, MetriloCustomer>();
  const products = new Map<string, MetriloProduct>();
  // Each buyer and product is looked up once per call, however many orders name it: one read per kind.
  const emails = [...new Set(orders.map((o) => o.email))];
  const productIds = [...new Set(orders.flatMap((o) => linkedLines(o.order).map((l) => l.productId)))];
  const knownBuyers = await ctx.state.getMany(STATE.customer, emails);
  const knownProducts = await ctx.state.getMany(STATE.product, productIds);
  for (const { order, email } of orders) {
    if (!knownBuyers.has(email) && !customers.has(email)) customers.set(email, buyerFromOrder(order, email));
    for (const line of linkedLines(order)) {
      if (!knownProducts.has(line.productId) && !products.has(line.productId)) products.set(line.productId, productFromLine(line));
    }
  }
  const failed = new Map<string, string>();
  const send = async (resource: "customer" | "product", records: Map<string, object>, scope: string) => {
    const keys = [...records.keys()];
    const results = await upsertAll(ctx, resource, [...records.values()]);
    for (const [i, sent] of results.entries()) {
      if (sent.ok) await ctx.state.set(scope, keys[i], { updatedAt: ctx.now() });
      else failed.set(`${resource}:${keys[i]}`, `${resource} ${keys[i]} could not be created first: ${sent.reason}`);
    }
  };
  await send("customer", customers, STATE.customer);
  await send("product", products, STATE.product);
  return failed;
}

async function sendOrders(ctx: Ctx, out: Outcomes, entries: Of<Order>): Promise<void> {
  const pending: { item: DeliveryItem; order: Order; email: string; record: ReturnType<typeof toMetriloOrder> }[] = [];
  for (const { item, record } of entries) {
    const email = orderEmail(record);
    if (email) pending.push({ item, order: record, email, record: toMetriloOrder(record, email) });
    else out.skip(item, "order has no email address; Metrilo drops orders it cannot link to a customer");
  }
  // Each order's own body is what its delivery carries, even while its buyer has to go first.
  out.sending(pending);
  const failed = await upsertDependencies(ctx, pending);
  const ready: typeof pending = [];
  for (const entry of pending) {
    const deps = [`customer:${entry.email}`, ...linkedLines(entry.order).map((l) => `product:${l.productId}`)];
    const reasons = deps.flatMap((d) => failed.get(d) ?? []);
    if (reasons.length) out.retry(entry.item, `order held back, Metrilo would drop it: ${[...new Set(reasons)].join("; ")}`);
    else ready.push(entry);
  }
  (await upsertAll(ctx, "order", ready.map((r) => r.record))).forEach((sent, i) => out.settle(ready[i].item, sent, ready[i].record));
}
