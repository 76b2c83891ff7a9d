// Shopify's own linter on the theme app extension, offline: it picks the theme-app-extension
// preset from shopify.extension.toml, which makes the app-block JavaScript size limit an error.
import { cpSync, mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { check } from "@shopify/theme-check-node";
import { describe, expect, it } from "vitest";
import { EMBED_DIR } from "./shop";

const offenses = async (root: string) => (await check(root)).map((o) => `${o.check}: ${o.message} (${path.basename(o.uri)})`);

describe("theme-check on extensions/conduit-embed", () => {
  it("reports nothing", async () => {
    expect(await offenses(EMBED_DIR)).toEqual([]);
  }, 30_000);

  it("would report an embed script over Shopify's 10 000-byte limit (the preset is the extension one)", async () => {
    const copy = mkdtempSync(path.join(tmpdir(), "conduit-embed-"));
    try {
      cpSync(EMBED_DIR, copy, { recursive: true });
      writeFileSync(path.join(copy, "assets/conduit.js"), `// ${"x".repeat(10_001)}\n`);
      expect(await offenses(copy)).toEqual([expect.stringMatching(/^AssetSizeAppBlockJavaScript: .*conduit\.js.*exceeds/)]);
    } finally {
      rmSync(copy, { recursive: true, force: true });
    }
  }, 30_000);
});
