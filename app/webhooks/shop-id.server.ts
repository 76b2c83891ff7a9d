// Shopify's numeric shop id, as signed payloads carry it: `shop_id` on the privacy topics, the
// shop's own `id` on app/uninstalled and shop/update, `admin_graphql_api_shop_id` on billing
// topics. The domain header is unsigned, so the id is one more thing a replayed body cannot hide.
// Conduit learns a shop's id from a payload that names the shop by domain as well (both signed
// together, and the domain already checked against the header), then holds every payload to it.
import prisma, { isUniqueViolation } from "../db.server";

const numeric = (v: unknown) => (typeof v === "number" && Number.isSafeInteger(v) ? String(v) : typeof v === "string" && /^\d+$/.test(v) ? v : undefined);

/** The shop id a payload names, if any. */
export function shopIdNamedBy(topic: string, payload: unknown): string | undefined {
  if (!payload || typeof payload !== "object" || Array.isArray(payload)) return undefined;
  const p = payload as Record<string, unknown>;
  const gid = typeof p.admin_graphql_api_shop_id === "string" ? /^gid:\/\/shopify\/Shop\/(\d+)$/.exec(p.admin_graphql_api_shop_id)?.[1] : undefined;
  const own = topic === "app/uninstalled" || topic.startsWith("shop/update") ? numeric(p.id) : undefined;
  return numeric(p.shop_id) ?? gid ?? own;
}

/**
 * Why a payload's shop id cannot belong to the header's shop, or undefined. `namesDomain`: the
 * payload also names the header's shop by domain, so an unknown id can be learned from it.
 */
export async function shopIdRefusal(domain: string, topic: string, payload: unknown, namesDomain: boolean): Promise<string | undefined> {
  const id = shopIdNamedBy(topic, payload);
  if (!id) return undefined;
  const holder = await prisma.shop.findUnique({ where: { shopifyId: id }, select: { domain: true } });
  if (holder && holder.domain !== domain) return `the signed payload's shop_id ${id} belongs to ${holder.domain}, not ${domain}`;
  if (holder) return undefined;
  const shop = await prisma.shop.findUnique({ where: { domain }, select: { shopifyId: true } });
  if (shop?.shopifyId) return `the signed payload's shop_id ${id} is not ${domain}'s (${shop.shopifyId})`;
  if (shop && namesDomain) {
    // Two deliveries learning at once both write the same id; a unique clash means another shop
    // claimed it first, and the next delivery of this one is then refused above.
    await prisma.shop.update({ where: { domain }, data: { shopifyId: id } }).catch((err) => {
      if (!isUniqueViolation(err)) throw err;
    });
  }
  return undefined;
}
