// Publishes the shop's public storefront settings to an app-owned metafield, which the theme app
// embed reads as {{ app.metafields.conduit.storefront.value }}. Only public fields go there
// (vendor.publicSettings), never a secret: every shopper can read it.
import { z } from "zod";
import prisma from "../db.server";
import { readSettingsOrPublic } from "../connections/settings.server";
import { parseSendOptions } from "../delivery/plan.server";
import { logger } from "../logger.server";
import { apiVersion } from "../shopify.server";
import { adminEndpoint, adminGraphql } from "../shopify/admin-graphql.server";
import { vendors } from "../vendors";
import { consentOf } from "./consent";

export const METAFIELD = { namespace: "conduit", key: "storefront", type: "json" } as const;

export interface StorefrontVendor {
  enabled: boolean;
  /** Whether the vendor's storefront tracking should run at all. */
  storefront?: boolean;
  consent?: string;
  settings?: Record<string, string>;
}

export async function storefrontSettings(shopDomain: string): Promise<{ vendors: Record<string, StorefrontVendor> }> {
  const connections = await prisma.vendorConnection.findMany({ where: { shop: { domain: shopDomain } } });
  const out: Record<string, StorefrontVendor> = {};
  for (const vendor of vendors) {
    const conn = connections.find((c) => c.vendor === vendor.id);
    if (!conn?.enabled) {
      out[vendor.id] = { enabled: false };
      continue;
    }
    const storefront = vendor.sendOptions.includes("storefront") && parseSendOptions(conn.sendOptions).storefront !== false;
    out[vendor.id] = { enabled: true, storefront, consent: consentOf(conn.sendOptions), settings: vendor.publicSettings(readSettingsOrPublic(conn)) };
  }
  return { vendors: out };
}

const INSTALLATION = `query AppInstallationId { currentAppInstallation { id } }`;
const installationData = z.object({ currentAppInstallation: z.object({ id: z.string() }) });

const SET = `mutation SetStorefrontMetafield($metafields: [MetafieldsSetInput!]!) {
  metafieldsSet(metafields: $metafields) { metafields { id } userErrors { field message code } }
}`;
const setData = z.object({
  metafieldsSet: z.object({ userErrors: z.array(z.object({ field: z.array(z.string()).nullable().optional(), message: z.string() })) }),
});

/** Throws (AdminApiError or Error) when Shopify did not take it; the caller decides what that means. */
export async function publishStorefrontSettings(session: { shop: string; accessToken?: string }): Promise<void> {
  const call = { endpoint: adminEndpoint(session.shop, apiVersion), accessToken: session.accessToken ?? "", timeoutMs: 10_000 };
  const { currentAppInstallation } = await adminGraphql(call, INSTALLATION, {}, installationData);
  const value = JSON.stringify(await storefrontSettings(session.shop));
  const metafields = [{ ownerId: currentAppInstallation.id, ...METAFIELD, value }];
  const { metafieldsSet } = await adminGraphql(call, SET, { metafields }, setData);
  if (metafieldsSet.userErrors.length) throw new Error(metafieldsSet.userErrors.map((e) => e.message).join("; "));
}

/** Publishing after a saved change: a failure is reported, never allowed to undo the save. */
export async function publishAfterSave(session: { shop: string; accessToken?: string }): Promise<string | null> {
  try {
    await publishStorefrontSettings(session);
    return null;
  } catch (err) {
    const reason = err instanceof Error ? err.message : String(err);
    logger.warn({ shop: session.shop, err: reason }, "storefront metafield not published");
    return `Your settings are saved, but the storefront could not be updated (${reason}). The storefront keeps its previous tracking settings until the next save succeeds.`;
  }
}
