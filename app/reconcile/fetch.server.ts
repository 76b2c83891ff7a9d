// Fetches one whole record from the Admin API, as the Reconcile* queries select it. The node is
// stored as it came and read by the GraphQL mappers at delivery time, like a webhook payload.
import { z } from "zod";
import { RECONCILE_CUSTOMER, RECONCILE_ORDER, RECONCILE_PRODUCT, type ReconciledKind } from "../domain/shopify-graphql";
import { adminGraphql } from "../shopify/admin-graphql.server";

export interface AdminCall {
  endpoint: string;
  accessToken: string;
  timeoutMs: number;
}

const QUERIES: Record<ReconciledKind, { query: string; field: string; type: string }> = {
  customer: { query: RECONCILE_CUSTOMER, field: "customer", type: "Customer" },
  product: { query: RECONCILE_PRODUCT, field: "product", type: "Product" },
  order: { query: RECONCILE_ORDER, field: "order", type: "Order" },
};

/** The record's node, or null when it is gone (deleted since it was listed). Throws AdminApiError. */
export async function fetchRecord(call: AdminCall, kind: ReconciledKind, id: string): Promise<object | null> {
  const { query, field, type } = QUERIES[kind];
  const schema = z.object({ [field]: z.record(z.unknown()).nullable() });
  const data = await adminGraphql(call, query, { id: `gid://shopify/${type}/${id}` }, schema);
  return data[field];
}
