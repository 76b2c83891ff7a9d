// What the vendor settings page says about storefront tracking: whether this vendor's storefront
// tracking is on, and whether Conduit's app embed is switched on in the live theme — read through
// the Admin API from the theme's config/settings_data.json, since the theme editor keeps it there.
import { z } from "zod";
import prisma from "../db.server";
import { parseSendOptions } from "../delivery/plan.server";
import { apiVersion } from "../shopify.server";
import { adminEndpoint, adminGraphql } from "../shopify/admin-graphql.server";
import type { VendorConnector } from "../vendors/types";
import { embedEnabled, themeEditorUrl } from "./embed";

export interface StorefrontStatus {
  /** Connected, enabled, and "Storefront tracking" ticked for this vendor. */
  tracking: boolean;
  /** Conduit's app embed in the live theme; "unknown" when the theme could not be read (see problem). */
  embed: "on" | "off" | "unknown";
  themeName: string | null;
  problem: string | null;
  editorUrl: string;
}

const SETTINGS_FILE = "config/settings_data.json";
const LIVE_THEME = `query LiveThemeSettings($filenames: [String!]) {
  themes(first: 1, roles: [MAIN]) {
    nodes { id name files(filenames: $filenames, first: 1) { nodes { filename body { ... on OnlineStoreThemeFileBodyText { content } } } } }
  }
}`;
const liveThemeData = z.object({
  themes: z.object({
    nodes: z.array(z.object({
      name: z.string(),
      files: z.object({ nodes: z.array(z.object({ filename: z.string(), body: z.object({ content: z.string().optional() }) })) }).nullable(),
    })),
  }),
});

async function readEmbed(session: { shop: string; accessToken?: string }): Promise<Pick<StorefrontStatus, "embed" | "themeName" | "problem">> {
  // The settings page waits for this: better "could not tell" after 5 s than a stuck page.
  const call = { endpoint: adminEndpoint(session.shop, apiVersion), accessToken: session.accessToken ?? "", timeoutMs: 5_000 };
  try {
    const { themes } = await adminGraphql(call, LIVE_THEME, { filenames: [SETTINGS_FILE] }, liveThemeData);
    const theme = themes.nodes[0];
    if (!theme) return { embed: "unknown", themeName: null, problem: "Your shop has no published theme." };
    const content = theme.files?.nodes.find((f) => f.filename === SETTINGS_FILE)?.body.content;
    // A theme that never saved settings has no file yet, so no embed switched on either.
    return { embed: content && embedEnabled(content) ? "on" : "off", themeName: theme.name, problem: null };
  } catch (err) {
    const reason = err instanceof Error ? err.message : String(err);
    return { embed: "unknown", themeName: null, problem: `Conduit could not read your live theme (${reason}).` };
  }
}

/** null for a vendor with no storefront tag (its page shows nothing about the embed). */
export async function storefrontStatus(session: { shop: string; accessToken?: string }, vendor: Pick<VendorConnector, "id" | "sendOptions">): Promise<StorefrontStatus | null> {
  if (!vendor.sendOptions.includes("storefront")) return null;
  const conn = await prisma.vendorConnection.findFirst({ where: { vendor: vendor.id, shop: { domain: session.shop } } });
  const tracking = Boolean(conn?.enabled) && parseSendOptions(conn!.sendOptions).storefront !== false;
  return { tracking, ...(await readEmbed(session)), editorUrl: themeEditorUrl(session.shop, process.env.SHOPIFY_API_KEY ?? "") };
}
