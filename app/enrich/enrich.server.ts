// Fills in what a webhook payload lacks and the Admin API knows — the storefront's primary domain
// (for URLs) and a product's collections — with the shop's offline session. Best effort by design:
// a webhook never waits on Shopify, and with no session or a failing API the record goes out with
// what the payload has (the lookup logs the gap).
import prisma from "../db.server";
import { logger } from "../logger.server";
import { createAdminLookup, type AdminLookup } from "../shopify/admin-lookup.server";
import { offlineSessionId } from "../shopify/offline-session";
import type { Entity, ShopInfo } from "../domain/types";

export async function adminLookupFor(shop: string): Promise<AdminLookup | null> {
  const session = await prisma.session.findUnique({ where: { id: offlineSessionId(shop) }, select: { accessToken: true } });
  if (!session?.accessToken) {
    logger.debug({ shop }, "no offline session: records go out without Admin API details");
    return null;
  }
  return createAdminLookup({ shop, accessToken: session.accessToken, log: logger });
}

/** The shop as vendors see it; learns and keeps the primary domain the first time it can. */
export async function shopInfoFor(shop: { id: string; domain: string; primaryDomain: string | null }, lookup: AdminLookup | null): Promise<ShopInfo> {
  if (shop.primaryDomain || !lookup) return { domain: shop.domain, primaryDomain: shop.primaryDomain };
  const primaryDomain = await lookup.primaryDomain();
  if (primaryDomain) await prisma.shop.update({ where: { id: shop.id }, data: { primaryDomain } });
  return { domain: shop.domain, primaryDomain };
}

/** A product's collections are not in its webhook; ask once per product (the lookup caches). */
export async function enrichEntity(entity: Entity, lookup: AdminLookup | null): Promise<Entity> {
  if (!lookup || entity.kind !== "product" || entity.op !== "upsert" || entity.record.categoryIds !== null) return entity;
  const categoryIds = await lookup.productCollectionIds(entity.record.id);
  return categoryIds ? { ...entity, record: { ...entity.record, categoryIds } } : entity;
}
