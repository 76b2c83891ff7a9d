// A generated store of any size, written as a bulk operation writes its JSONL: one line per node,
// nested connections as their own lines with `__parentId`, after their parent but — as with
// `groupObjects: false` — not right after it. Deterministic (record i always has the same ids and
// values), and lazy: a store of 100 000 orders is never held in memory.
export type BulkResource = "customers" | "collections" | "products" | "orders";

export interface StoreSize {
  customers: number;
  collections: number;
  products: number;
  variantsPerProduct: number;
  orders: number;
}

export const SMALL_STORE: StoreSize = { customers: 40, collections: 4, products: 12, variantsPerProduct: 2, orders: 60 };

const gid = (type: string, id: number | string) => `gid://shopify/${type}/${id}`;
const money = (n: number) => ({ shopMoney: { amount: n.toFixed(2), currencyCode: "EUR" } });
const BASE = Date.parse("2021-01-01T00:00:00Z");
// Shopify's DateTime has no milliseconds.
const at = (minutes: number) => new Date(BASE + minutes * 60_000).toISOString().replace(/\.\d{3}Z$/, "Z");

/** The legacy ids of record i, for tests that send live webhooks about a generated record. */
export const generatedId = {
  customer: (i: number) => String(7_100_000_000_000 + i),
  collection: (i: number) => String(410_000_000_000 + i),
  product: (i: number) => String(8_100_000_000_000 + i),
  variant: (p: number, v: number) => String(47_100_000_000_000 + p * 100 + v),
  order: (i: number) => String(5_100_000_000_000 + i),
  lineItem: (o: number, l: number) => String(14_100_000_000_000 + o * 10 + l),
};
/** When generated order i was last updated: a live webhook newer than this must win. */
export const generatedOrderUpdatedAt = (i: number) => new Date(Date.parse(at(i * 7)) + 3_600_000);

const address = (i: number) => ({
  firstName: `First${i}`, lastName: `Last${i}`, company: null, address1: `${i} Market Street`, address2: null,
  city: "Berlin", province: null, zip: String(10_000 + (i % 90_000)), countryCodeV2: "DE", phone: null,
});

function customer(i: number) {
  return {
    id: gid("Customer", generatedId.customer(i)),
    firstName: `First${i}`,
    lastName: `Last${i}`,
    createdAt: at(i),
    updatedAt: at(i + 30),
    tags: i % 5 === 0 ? ["vip"] : [],
    defaultEmailAddress: { emailAddress: `customer${i}@example.com`, marketingState: i % 3 === 0 ? "SUBSCRIBED" : "NOT_SUBSCRIBED", marketingUpdatedAt: null },
    defaultPhoneNumber: null,
    defaultAddress: address(i),
  };
}

const collection = (i: number) => ({ id: gid("Collection", generatedId.collection(i)), title: `Collection ${i}`, handle: `collection-${i}`, updatedAt: at(i) });

const variantPrice = (p: number, v: number) => 10 + (p % 40) + v * 2.5;

function productLines(size: StoreSize, p: number): { parent: object; children: object[] } {
  const id = gid("Product", generatedId.product(p));
  const parent = {
    id, title: `Product ${p}`, handle: `product-${p}`, status: p % 17 === 0 ? "ARCHIVED" : "ACTIVE", vendor: "Generated", productType: "Things",
    tags: [], createdAt: at(p), updatedAt: at(p + 60), featuredMedia: null,
  };
  const children: object[] = [];
  if (size.collections > 0) children.push({ id: gid("Collection", generatedId.collection(p % size.collections)), __parentId: id });
  for (let v = 0; v < size.variantsPerProduct; v++) {
    children.push({
      id: gid("ProductVariant", generatedId.variant(p, v)), title: `Size ${v + 1}`, sku: `SKU-${p}-${v}`, price: variantPrice(p, v).toFixed(2),
      compareAtPrice: null, position: v + 1, updatedAt: at(p + 60), __parentId: id,
    });
  }
  return { parent, children };
}

function orderLines(size: StoreSize, o: number): { parent: object; children: object[] } {
  const id = gid("Order", generatedId.order(o));
  const lines = 1 + (o % 3);
  let subtotal = 0;
  const children: object[] = [];
  for (let l = 0; l < lines; l++) {
    const p = (o * 7 + l) % Math.max(1, size.products);
    const v = (o + l) % Math.max(1, size.variantsPerProduct);
    const price = variantPrice(p, v);
    const quantity = 1 + (l % 2);
    subtotal += price * quantity;
    children.push({
      __typename: "LineItem", id: gid("LineItem", generatedId.lineItem(o, l)), sku: `SKU-${p}-${v}`, title: `Product ${p}`, variantTitle: `Size ${v + 1}`,
      quantity, product: { id: gid("Product", generatedId.product(p)) }, variant: { id: gid("ProductVariant", generatedId.variant(p, v)) },
      originalUnitPriceSet: money(price), discountAllocations: [], taxLines: [{ priceSet: money(price * quantity * 0.19) }], __parentId: id,
    });
  }
  children.push({ __typename: "ShippingLine", title: "Standard", originalPriceSet: money(4.95), discountAllocations: [], __parentId: id });
  const c = size.customers > 0 && o % 10 !== 0 ? o % size.customers : null;
  const tax = subtotal * 0.19;
  const total = subtotal + tax + 4.95;
  const refunded = o % 20 === 7;
  const createdAt = at(o * 7);
  const updatedAt = generatedOrderUpdatedAt(o).toISOString().replace(/\.\d{3}Z$/, "Z");
  const parent = {
    id, name: `#${1000 + o}`, email: c === null ? `guest${o}@example.com` : `customer${c}@example.com`, phone: null,
    createdAt, updatedAt, processedAt: createdAt, cancelledAt: null, cancelReason: null, closedAt: null, currencyCode: "EUR",
    customer: c === null ? null : { id: gid("Customer", generatedId.customer(c)), firstName: `First${c}`, lastName: `Last${c}`, createdAt: at(c), tags: [],
      defaultEmailAddress: { emailAddress: `customer${c}@example.com`, marketingState: "NOT_SUBSCRIBED", marketingUpdatedAt: null } },
    totalPriceSet: money(total), subtotalPriceSet: money(subtotal), totalTaxSet: money(tax), totalDiscountsSet: money(0), totalShippingPriceSet: money(4.95),
    displayFinancialStatus: refunded ? "PARTIALLY_REFUNDED" : "PAID", displayFulfillmentStatus: "FULFILLED",
    refunds: refunded ? [{ id: gid("Refund", String(900_000_000_000 + o)), createdAt: updatedAt, note: null, totalRefundedSet: money(4.95) }] : [],
    billingAddress: address(o), shippingAddress: address(o), clientIp: `198.51.100.${o % 250}`,
    customerJourneySummary: { firstVisit: { landingPage: "https://shop.conduit-demo.test/?utm_source=newsletter", referrerUrl: null } },
    paymentGatewayNames: ["shopify_payments"], tags: [], test: false,
  };
  return { parent, children };
}

const COUNT: Record<BulkResource, (s: StoreSize) => number> = {
  customers: (s) => s.customers,
  collections: (s) => s.collections,
  products: (s) => s.products,
  orders: (s) => s.orders,
};

/** How far back `--since` reaches: record i of a resource is "updated" at these minutes. */
const UPDATED_AT: Record<BulkResource, (i: number) => number> = {
  customers: (i) => Date.parse(at(i + 30)),
  collections: (i) => Date.parse(at(i)),
  products: (i) => Date.parse(at(i + 60)),
  orders: (i) => generatedOrderUpdatedAt(i).getTime(),
};

function build(size: StoreSize, resource: BulkResource, i: number): { parent: object; children: object[] } {
  if (resource === "customers") return { parent: customer(i), children: [] };
  if (resource === "collections") return { parent: collection(i), children: [] };
  return resource === "products" ? productLines(size, i) : orderLines(size, i);
}

// Parents come in blocks; each block's children follow the NEXT block's parents, interleaved across
// parents, so a child is never right after its parent and a reader that assumes adjacency (or
// holds only the last parent) joins them wrongly.
const BLOCK = 16;

function* interleaved(groups: object[][]): Generator<string> {
  for (let i = 0; groups.some((g) => i < g.length); i++) for (const g of groups) if (i < g.length) yield JSON.stringify(g[i]);
}

/** The JSONL lines of a bulk query over `resource`, records updated after `since` only. */
export function* bulkLines(size: StoreSize, resource: BulkResource, since?: Date): Generator<string> {
  const n = COUNT[resource](size);
  let held: object[][] = [];
  for (let start = 0; start < n; start += BLOCK) {
    const children: object[][] = [];
    for (let i = start; i < Math.min(n, start + BLOCK); i++) {
      if (since && UPDATED_AT[resource](i) <= since.getTime()) continue;
      const { parent, children: own } = build(size, resource, i);
      yield JSON.stringify(parent);
      children.push(own);
    }
    yield* interleaved(held);
    held = children;
  }
  yield* interleaved(held);
}

/** How many top-level records a bulk query over `resource` finds. */
export function recordCount(size: StoreSize, resource: BulkResource, since?: Date): number {
  const n = COUNT[resource](size);
  if (!since) return n;
  let count = 0;
  for (let i = 0; i < n; i++) if (UPDATED_AT[resource](i) > since.getTime()) count++;
  return count;
}
