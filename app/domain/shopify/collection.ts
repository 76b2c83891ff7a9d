// collections/create and collections/update (custom and smart collections alike) → Category.
import { z } from "zod/v4";
import type { Category, ShopInfo } from "../types";
import { date, parsePayload, shopifyId } from "./parse";
import { storefrontUrl } from "./storefront-url";

export const collectionPayload = z
  .object({ id: shopifyId, title: z.string(), handle: z.string().min(1), updated_at: date })
  .passthrough();

export function mapCollection(payload: unknown, shop: ShopInfo): Category {
  const c = parsePayload(collectionPayload, payload);
  return {
    id: c.id,
    title: c.title,
    handle: c.handle,
    url: storefrontUrl(shop, `/collections/${c.handle}`),
    updatedAt: c.updated_at,
  };
}
