// Server-side questions to the Shopify Admin API that webhooks leave open: the storefront's primary
// domain (for product URLs) and a product's collections. They are nice-to-have: a failure logs the
// gap and answers null so delivery carries on. updatedSince feeds the reconciliation job, which
// handles its AdminApiError itself.
import { z } from "zod";
import { adminEndpoint, adminGraphql } from "./admin-graphql.server";
import { TtlCache } from "./ttl-cache";
import { ADMIN_API_VERSION } from "../reconcile/config";

export { AdminApiError } from "./admin-graphql.server";

export interface WarnLogger {
  warn(obj: object, msg?: string): void;
}

export interface AdminLookupOptions {
  /** example.myshopify.com */
  shop: string;
  accessToken: string;
  apiVersion?: string;
  log: WarnLogger;
  /** Lookups sit on the delivery path: give up quickly. */
  timeoutMs?: number;
}

export type ReconciledKind = "order" | "customer" | "product";

export interface AdminLookup {
  /** "https://shop.example.com", or null when it cannot be known now. */
  primaryDomain(): Promise<string | null>;
  /** Legacy ids of the product's collections, or null when they cannot be known now. */
  productCollectionIds(productId: string): Promise<string[] | null>;
  /** Records changed after `since`, oldest first, page by page. Throws AdminApiError. */
  updatedSince(kind: ReconciledKind, since: Date): AsyncIterable<{ id: string; updatedAt: Date }>;
}

const CACHE_TTL_MS = 10 * 60_000;
const PAGE_TIMEOUT_MS = 15_000;
// Shared by every lookup object in the process, keyed per shop: one answer serves all workers' jobs.
const cache = new TtlCache<Promise<unknown>>(CACHE_TTL_MS);

const SHOP_PRIMARY_DOMAIN = `query ShopPrimaryDomain { shop { primaryDomain { url host } currencyCode } }`;
const shopData = z.object({ shop: z.object({ primaryDomain: z.object({ url: z.string().url() }) }) });

const PRODUCT_COLLECTIONS = `query ProductCollections($id: ID!) {
  product(id: $id) { collections(first: 250) { nodes { legacyResourceId } } }
}`;
const productData = z.object({
  product: z.object({ collections: z.object({ nodes: z.array(z.object({ legacyResourceId: z.string() })) }) }).nullable(),
});

const LISTINGS = {
  order: { operation: "RecentOrders", field: "orders" },
  customer: { operation: "RecentCustomers", field: "customers" },
  product: { operation: "RecentProducts", field: "products" },
} as const;
const listingQuery = ({ operation, field }: (typeof LISTINGS)[ReconciledKind]) => `query ${operation}($query: String, $after: String) {
  ${field}(first: 50, after: $after, query: $query, sortKey: UPDATED_AT) {
    nodes { legacyResourceId updatedAt }
    pageInfo { hasNextPage endCursor }
  }
}`;
const connection = z.object({
  nodes: z.array(z.object({ legacyResourceId: z.string(), updatedAt: z.string().datetime({ offset: true }) })),
  pageInfo: z.object({ hasNextPage: z.boolean(), endCursor: z.string().nullable() }),
});

export function createAdminLookup(opts: AdminLookupOptions): AdminLookup {
  const { shop, accessToken, apiVersion = ADMIN_API_VERSION, log, timeoutMs = 2_000 } = opts;
  const endpoint = adminEndpoint(shop, apiVersion);

  /** One request per key and TTL, shared by concurrent callers; failures are logged, not cached. */
  function cached<T>(key: string, load: () => Promise<T>): Promise<T | null> {
    const cacheKey = `${shop} ${key}`;
    const hit = cache.get(cacheKey) as Promise<T | null> | undefined;
    if (hit) return hit;
    const pending = load().catch((err: Error & { code?: string }) => {
      cache.delete(cacheKey);
      log.warn({ shop, lookup: key, code: err.code, err: err.message }, "Shopify Admin lookup failed; delivering without it");
      return null;
    });
    cache.set(cacheKey, pending);
    return pending;
  }

  return {
    primaryDomain: () =>
      cached("primaryDomain", async () => {
        const data = await adminGraphql({ endpoint, accessToken, timeoutMs }, SHOP_PRIMARY_DOMAIN, {}, shopData);
        return new URL(data.shop.primaryDomain.url).origin;
      }),

    productCollectionIds: (productId) =>
      cached(`productCollections:${productId}`, async () => {
        const variables = { id: `gid://shopify/Product/${productId}` };
        const data = await adminGraphql({ endpoint, accessToken, timeoutMs }, PRODUCT_COLLECTIONS, variables, productData);
        if (!data.product) throw new Error(`product ${productId} not found`);
        return data.product.collections.nodes.map((n) => n.legacyResourceId);
      }),

    async *updatedSince(kind, since) {
      const listing = LISTINGS[kind];
      const schema = z.object({ [listing.field]: connection });
      const query = `updated_at:>'${since.toISOString()}'`;
      let after: string | null = null;
      do {
        const data = await adminGraphql({ endpoint, accessToken, timeoutMs: PAGE_TIMEOUT_MS }, listingQuery(listing), { query, after }, schema);
        const page: z.output<typeof connection> = data[listing.field];
        for (const node of page.nodes) yield { id: node.legacyResourceId, updatedAt: new Date(node.updatedAt) };
        after = page.pageInfo.hasNextPage ? page.pageInfo.endCursor : null;
      } while (after);
    },
  };
}
