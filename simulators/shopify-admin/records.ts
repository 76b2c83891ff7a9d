// Whole records for the Reconcile* queries, answered from what the stand-in was seeded with. The
// stand-in returns the seeded node whole (real Shopify returns only the fields selected), with the
// id, updatedAt and collection membership the listing and ProductCollections also answer from.
import { dateTime, type AdminStore, type Operation, type SeededRecord } from "./store";

export const gid = (type: string, id: string) => `gid://shopify/${type}/${id}`;

type Field = "customers" | "products" | "orders";
const TYPES = { customers: "Customer", products: "Product", orders: "Order" } as const;

function node(store: AdminStore, field: Field, vars: Record<string, unknown>): { rec: SeededRecord; record: object } | null {
  const match = new RegExp(`^gid://shopify/${TYPES[field]}/(\\d+)$`).exec(String(vars.id));
  const rec = match ? store[field].find((r) => r.id === match[1]) : undefined;
  return rec?.record ? { rec, record: rec.record } : null;
}

/** One record by id; null when unknown or seeded without a record (as if deleted since it was listed). */
function single(field: Field, singular: string, requested: number, extra?: (store: AdminStore, id: string) => object): Operation {
  return {
    requested,
    answer: (store, vars) => {
      const found = node(store, field, vars);
      if (!found) return { data: { [singular]: null }, actual: 1 };
      const { rec, record } = found;
      const data = { ...record, id: gid(TYPES[field], rec.id), updatedAt: dateTime(rec.updatedAt), ...extra?.(store, rec.id) };
      // Shopify charges for the objects returned, far fewer than the query's page sizes allow for.
      return { data: { [singular]: data }, actual: Math.ceil(requested / 10) };
    },
  };
}

const collectionsOf = (store: AdminStore, productId: string) => ({
  collections: {
    nodes: store.collections.filter((c) => c.productIds.includes(productId)).map((c) => ({ id: gid("Collection", c.id) })),
    pageInfo: { hasNextPage: false },
  },
});

// Requested costs estimated from the queries' page sizes (app/domain/shopify-graphql/queries.ts).
export const RECORD_OPERATIONS: Record<string, Operation> = {
  ReconcileCustomer: single("customers", "customer", 6),
  ReconcileProduct: single("products", "product", 660, collectionsOf),
  ReconcileOrder: single("orders", "order", 780),
};
