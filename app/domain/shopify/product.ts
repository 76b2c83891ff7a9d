// products/create and products/update → Product. The payload names no collections, so categoryIds
// stays null here; the Admin API lookup (app/shopify) fills it in where a vendor needs it.
import { z } from "zod/v4";
import type { Product, ShopInfo } from "../types";
import { date, money, parsePayload, shopifyId, tags, text } from "./parse";
import { storefrontUrl } from "./storefront-url";

const imagePayload = z.object({ id: shopifyId, src: z.string().url(), position: z.number().int() }).passthrough();

const variantPayload = z
  .object({
    id: shopifyId,
    product_id: shopifyId,
    title: z.string(),
    sku: text,
    price: money,
    compare_at_price: money.nullish(),
    position: z.number().int(),
    image_id: shopifyId.nullish(),
    updated_at: date.nullish(),
  })
  .passthrough();

export const productPayload = z
  .object({
    id: shopifyId,
    title: z.string(),
    handle: z.string().min(1),
    status: z.string(),
    vendor: text,
    product_type: text,
    tags,
    // Shopify always has at least one (the default variant).
    variants: z.array(variantPayload).min(1),
    images: z.array(imagePayload).default([]),
    image: imagePayload.nullish(),
    created_at: date,
    updated_at: date,
  })
  .passthrough();

// Any other status Shopify adds (e.g. "unlisted": reachable only by link) is not for vendors to promote.
const mapStatus = (s: string): Product["status"] => (s === "active" || s === "archived" ? s : "draft");

export function mapProduct(payload: unknown, shop: ShopInfo): Product {
  const p = parsePayload(productPayload, payload);
  const imageSrc = new Map(p.images.map((i) => [i.id, i.src]));
  const firstImage = p.image ?? [...p.images].sort((a, b) => a.position - b.position)[0];
  return {
    id: p.id,
    title: p.title,
    handle: p.handle,
    url: storefrontUrl(shop, `/products/${p.handle}`),
    status: mapStatus(p.status),
    vendor: p.vendor,
    productType: p.product_type,
    tags: p.tags,
    imageUrl: firstImage?.src ?? null,
    price: Math.min(...p.variants.map((v) => v.price)),
    categoryIds: null,
    variants: p.variants.map((v) => ({
      id: v.id,
      productId: v.product_id,
      title: v.title,
      sku: v.sku,
      price: v.price,
      compareAtPrice: v.compare_at_price ?? null,
      position: v.position,
      imageUrl: v.image_id ? (imageSrc.get(v.image_id) ?? null) : null,
      updatedAt: v.updated_at ?? null,
    })),
    createdAt: p.created_at,
    updatedAt: p.updated_at,
  };
}
