// The Collection node of the collections bulk query → Category. Only the import reads collections
// from the Admin API (webhooks have their own mapper); membership comes with each product.
import { z } from "zod/v4";
import { storefrontUrl } from "../domain/shopify/storefront-url";
import type { Category, ShopInfo } from "../domain/types";
import { date, gid, parsePayload } from "../domain/shopify-graphql/parse";

export const collectionNode = z.object({ id: gid, title: z.string(), handle: z.string().min(1), updatedAt: date }).passthrough();

export function mapCollectionNode(payload: unknown, shop: ShopInfo): Category {
  const c = parsePayload(collectionNode, payload);
  return { id: c.id, title: c.title, handle: c.handle, url: storefrontUrl(shop, `/collections/${c.handle}`), updatedAt: c.updatedAt };
}
