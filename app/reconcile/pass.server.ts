// One reconciliation pass of one shop: list what changed in the window, kind by kind, and fetch and
// store what Conduit does not hold. Every step is idempotent, so a pass cut short (throttled, token
// revoked, process stopped) is simply run again.
import type { ReconciledKind } from "../domain/shopify-graphql";
import { adminEndpoint } from "../shopify/admin-graphql.server";
import { createAdminLookup, type WarnLogger } from "../shopify/admin-lookup.server";
import { ADMIN_API_VERSION } from "./config";
import { fetchRecord } from "./fetch.server";
import { heldRecords, type Listed } from "./held.server";
import { storeReconciled, type StoreOutcome } from "./store.server";

export interface ShopToReconcile {
  id: string;
  domain: string;
  accessToken: string;
  kinds: ReconciledKind[];
}

export type PassCounts = Record<"listed" | "gone" | StoreOutcome, number>;

/** The pass stopped at `kind`; what it did before that stays done. */
export class PassFailedError extends Error {
  constructor(
    readonly kind: ReconciledKind,
    cause: unknown,
    readonly counts: PassCounts,
  ) {
    super(`reconciling ${kind}s failed: ${cause instanceof Error ? cause.message : String(cause)}`, { cause });
    this.name = "PassFailedError";
  }
}

const BATCH = 50;
const PAGE_TIMEOUT_MS = 15_000;

async function* inBatches<T>(items: AsyncIterable<T>, size: number): AsyncGenerator<T[]> {
  let batch: T[] = [];
  for await (const item of items) {
    batch.push(item);
    if (batch.length === size) {
      yield batch;
      batch = [];
    }
  }
  if (batch.length) yield batch;
}

export async function reconcileShop(shop: ShopToReconcile, since: Date, now: Date, log: WarnLogger): Promise<PassCounts> {
  const counts: PassCounts = { listed: 0, gone: 0, enqueued: 0, rejected: 0, duplicate: 0, "not-stored": 0 };
  const call = { endpoint: adminEndpoint(shop.domain, ADMIN_API_VERSION), accessToken: shop.accessToken, timeoutMs: PAGE_TIMEOUT_MS };
  const admin = createAdminLookup({ shop: shop.domain, accessToken: shop.accessToken, apiVersion: ADMIN_API_VERSION, log });
  for (const kind of shop.kinds) {
    try {
      for await (const batch of inBatches<Listed>(admin.updatedSince(kind, since), BATCH)) {
        counts.listed += batch.length;
        const held = await heldRecords(shop, kind, batch);
        for (const listed of batch.filter((r) => !held.has(r.id))) {
          const node = await fetchRecord(call, kind, listed.id);
          const outcome = node ? await storeReconciled(shop.domain, kind, listed, node, now) : "gone";
          counts[outcome] += 1;
        }
      }
    } catch (err) {
      throw new PassFailedError(kind, err, counts);
    }
  }
  return counts;
}
