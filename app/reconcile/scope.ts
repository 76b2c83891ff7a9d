// Which records a shop's token may read. A token without read_customers would fail every pass on
// the customers listing, so kinds it was not granted are left out rather than retried forever.
import type { ReconciledKind } from "../domain/shopify-graphql";

/** Customers and catalogue first: the orders that name them are delivered after them. */
export const RECONCILED_KINDS: readonly ReconciledKind[] = ["customer", "product", "order"];

/** Kinds whose read scope (or write scope, which includes it) the session holds; all when unknown. */
export function grantedKinds(scope: string | null | undefined): ReconciledKind[] {
  if (!scope?.trim()) return [...RECONCILED_KINDS];
  const granted = new Set(scope.split(",").map((s) => s.trim()));
  return RECONCILED_KINDS.filter((k) => granted.has(`read_${k}s`) || granted.has(`write_${k}s`));
}
