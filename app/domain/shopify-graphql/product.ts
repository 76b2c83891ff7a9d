// The Product node of `query ReconcileProduct` → Product. Unlike the webhook, GraphQL names the
// product's collections, so categoryIds is known here.
import { z } from "zod/v4";
import { storefrontUrl } from "../shopify/storefront-url";
import type { Product, ShopInfo } from "../types";
import { date, gid, money, nodes, parsePayload, tagList, text } from "./parse";

const media = z
  .object({ preview: z.object({ image: z.object({ url: z.string().url() }).passthrough().nullish() }).passthrough().nullish() })
  .passthrough();
const mediaUrl = (m: z.output<typeof media> | null | undefined) => m?.preview?.image?.url ?? null;

const variantNode = z
  .object({
    id: gid,
    title: z.string(),
    sku: text,
    price: money,
    compareAtPrice: money.nullish(),
    position: z.number().int(),
    // The variant's own image; none when it shows the product's.
    media: nodes(media).default([]),
    updatedAt: date.nullish(),
  })
  .passthrough();

export const productNode = z
  .object({
    id: gid,
    title: z.string(),
    handle: z.string().min(1),
    status: z.string(),
    vendor: text,
    productType: text,
    tags: tagList,
    featuredMedia: media.nullish(),
    collections: nodes(z.object({ id: gid }).passthrough()),
    variants: nodes(variantNode).refine((v) => v.length > 0, "a product has at least its default variant"),
    createdAt: date,
    updatedAt: date,
  })
  .passthrough();

// UNLISTED (reachable only by link) and anything newer are not for vendors to promote.
const STATUS: Record<string, Product["status"]> = { ACTIVE: "active", ARCHIVED: "archived" };

export function mapProductNode(payload: unknown, shop: ShopInfo): Product {
  const p = parsePayload(productNode, payload);
  return {
    id: p.id,
    title: p.title,
    handle: p.handle,
    url: storefrontUrl(shop, `/products/${p.handle}`),
    status: STATUS[p.status] ?? "draft",
    vendor: p.vendor,
    productType: p.productType,
    tags: p.tags,
    imageUrl: mediaUrl(p.featuredMedia),
    price: Math.min(...p.variants.map((v) => v.price)),
    categoryIds: p.collections.map((c) => c.id),
    variants: p.variants.map((v) => ({
      id: v.id,
      productId: p.id,
      title: v.title,
      sku: v.sku,
      price: v.price,
      compareAtPrice: v.compareAtPrice ?? null,
      position: v.position,
      imageUrl: mediaUrl(v.media[0]),
      updatedAt: v.updatedAt ?? null,
    })),
    createdAt: p.createdAt,
    updatedAt: p.updatedAt,
  };
}
