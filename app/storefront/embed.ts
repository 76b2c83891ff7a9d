// Whether Conduit's app embed is switched on in a theme, read from that theme's
// config/settings_data.json, and the theme editor deep link that switches it on. Pure, so the
// admin and its tests share it.

/** The embed block's file name in extensions/conduit-embed/blocks/, which Shopify calls its handle. */
export const EMBED_HANDLE = "conduit-tracking";

/** Shopify's editor deep link: opens the live theme's App embeds panel with Conduit's embed selected. */
export const themeEditorUrl = (shop: string, apiKey: string) =>
  `https://${shop}/admin/themes/current/editor?context=apps&activateAppId=${encodeURIComponent(apiKey)}/${EMBED_HANDLE}`;

/**
 * settings_data.json keeps app embeds under `current.blocks` as
 * `{ type: "shopify://apps/<app>/blocks/<handle>/<extension id>", disabled: boolean }`; `current` may
 * instead name one of `presets`. Shopify writes a leading comment, which JSON.parse refuses.
 */
export function embedEnabled(settingsData: string): boolean {
  const data = JSON.parse(settingsData.replace(/^\s*\/\*[\s\S]*?\*\//, "")) as {
    current?: string | { blocks?: Record<string, { type?: string; disabled?: boolean }> };
    presets?: Record<string, { blocks?: Record<string, { type?: string; disabled?: boolean }> }>;
  };
  const current = typeof data.current === "string" ? data.presets?.[data.current] : data.current;
  const block = new RegExp(`^shopify://apps/[^/]+/blocks/${EMBED_HANDLE}/[^/]+$`);
  return Object.values(current?.blocks ?? {}).some((b) => block.test(b.type ?? "") && b.disabled !== true);
}
