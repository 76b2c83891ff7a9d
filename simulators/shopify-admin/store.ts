// What the Admin API stand-in knows about its one shop, and the answers to the queries Conduit sends.
export interface SeededRecord {
  id: string;
  updatedAt: Date;
  /** The whole GraphQL node the Reconcile* queries answer (see records.ts); absent: listed only. */
  record?: object;
}

export interface AdminSeed {
  shop?: { primaryDomain: string; currencyCode: string };
  products?: SeededRecord[];
  /** Membership lives on the collection, as Shopify's collects do. */
  collections?: { id: string; productIds: string[] }[];
  orders?: SeededRecord[];
  customers?: SeededRecord[];
}

export type AdminStore = Required<AdminSeed>;

export const emptyStore = (): AdminStore => ({
  shop: { primaryDomain: "https://shop.conduit-demo.test", currencyCode: "EUR" },
  products: [],
  collections: [],
  orders: [],
  customers: [],
});

export const PAGE_SIZE = 50;
type Versioned = { id: string; updatedAt: Date };
type Variables = Record<string, unknown>;

// Shopify's DateTime has no milliseconds.
export const dateTime = (d: Date) => d.toISOString().replace(/\.\d{3}Z$/, "Z");
const order = (a: Versioned, b: Versioned) => a.updatedAt.getTime() - b.updatedAt.getTime() || Number(a.id) - Number(b.id);
const encodeCursor = (r: Versioned) => Buffer.from(JSON.stringify([r.updatedAt.toISOString(), r.id])).toString("base64");
function decodeCursor(cursor: string): Versioned {
  const [at, id] = JSON.parse(Buffer.from(cursor, "base64").toString("utf8")) as [string, string];
  return { id, updatedAt: new Date(at) };
}

/** One page of `records` updated after the search query's `updated_at:>'…'`, oldest first. */
function page(records: Versioned[], vars: Variables) {
  const since = /updated_at:>'?([^'\s]+)'?/.exec(String(vars.query ?? ""))?.[1];
  const after = typeof vars.after === "string" ? decodeCursor(vars.after) : null;
  const matching = records
    .filter((r) => !since || r.updatedAt > new Date(since))
    .sort(order)
    .filter((r) => !after || order(r, after) > 0);
  const nodes = matching.slice(0, PAGE_SIZE);
  const last = nodes.at(-1);
  return {
    nodes: nodes.map((r) => ({ legacyResourceId: r.id, updatedAt: dateTime(r.updatedAt) })),
    pageInfo: { hasNextPage: matching.length > PAGE_SIZE, endCursor: last ? encodeCursor(last) : null },
  };
}

export interface Operation {
  /** Shopify's up-front estimate, checked against the bucket. */
  requested: number;
  /** The data and what it really cost (Shopify refunds the difference). */
  answer(store: AdminStore, vars: Variables): { data: unknown; actual: number };
}

const listing = (field: "orders" | "customers" | "products"): Operation => ({
  requested: PAGE_SIZE + 2,
  answer: (store, vars) => {
    const connection = page(store[field], vars);
    return { data: { [field]: connection }, actual: 2 + connection.nodes.length };
  },
});

/** Matched by operation name, like the real queries in app/shopify. */
export const OPERATIONS: Record<string, Operation> = {
  ShopPrimaryDomain: {
    requested: 2,
    answer: ({ shop }) => ({
      data: { shop: { primaryDomain: { url: shop.primaryDomain, host: new URL(shop.primaryDomain).host }, currencyCode: shop.currencyCode } },
      actual: 2,
    }),
  },
  ProductCollections: {
    requested: 253,
    answer: (store, vars) => {
      const id = /^gid:\/\/shopify\/Product\/(\d+)$/.exec(String(vars.id))?.[1];
      if (!id || !store.products.some((p) => p.id === id)) return { data: { product: null }, actual: 1 };
      const nodes = store.collections.filter((c) => c.productIds.includes(id)).map((c) => ({ legacyResourceId: c.id }));
      return { data: { product: { collections: { nodes } } }, actual: 3 + nodes.length };
    },
  },
  RecentOrders: listing("orders"),
  RecentCustomers: listing("customers"),
  RecentProducts: listing("products"),
};
