import type { ShopInfo } from "../types";

/** Absolute storefront URL of a path; the primary domain is what shoppers see, myshopify the fallback. */
export function storefrontUrl(shop: ShopInfo, path: string): string {
  const base = shop.primaryDomain ?? `https://${shop.domain}`;
  return `${base.replace(/\/+$/, "")}${path}`;
}
