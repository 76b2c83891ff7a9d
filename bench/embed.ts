// The storefront embed's JavaScript, as a visitor's browser downloads it: the core every page loads
// (theme-check's AssetSizeAppBlockJavaScript caps it at 10 000 bytes on disk) and, once consent lets
// a vendor run, the vendor adapters too — each also compressed, as Shopify's CDN serves it.
import { readFileSync } from "node:fs";
import { brotliCompressSync, gzipSync } from "node:zlib";
import type { Check } from "./report";

const ASSETS = new URL("../extensions/conduit-embed/assets/", import.meta.url);
/** Shopify's limit for an app block's `javascript` file (theme-check, theme-app-extension preset). */
const LIMIT = { unit: "B", kind: "max", limit: 10_000, why: "Shopify's app-block JavaScript limit (theme-check AssetSizeAppBlockJavaScript)" } as const;

export function embedChecks(): Check[] {
  const core = readFileSync(new URL("conduit.js", ASSETS));
  const all = Buffer.concat([core, readFileSync(new URL("conduit-vendors.js", ASSETS))]);
  return [
    { figure: "embed JS on disk (conduit.js)", value: core.length, ...LIMIT },
    { figure: "embed JS gzip, before consent", value: gzipSync(core, { level: 9 }).length, ...LIMIT },
    { figure: "embed JS brotli, before consent", value: brotliCompressSync(core).length, ...LIMIT },
    { figure: "embed JS gzip, with vendor adapters", value: gzipSync(all, { level: 9 }).length, ...LIMIT },
  ];
}
