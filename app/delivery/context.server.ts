// The VendorContext a connector works in: decrypted settings, the base URL to call and the
// connection's memory. Base URL precedence: env override > chosen environment > live.
import type { Shop, VendorConnection } from "../../node_modules/.conduit/prisma-sqlite/index.js";
import { readSettings } from "../connections/settings.server";
import { httpUrlProblem } from "../env";
import { logger } from "../logger.server";
import type { ShopInfo } from "../domain/types";
import type { VendorConnector, VendorContext, VendorEnvironment } from "../vendors/types";
import { syncStateStore } from "./sync-state.server";
import { vendors } from "../vendors";
import { HEADLESS_URL_ENV } from "../vendors/ometria/headless";

export function baseUrlFor(vendor: VendorConnector, environment: string): string {
  const override = process.env[vendor.baseUrlEnv];
  if (override) return override.replace(/\/$/, "");
  return environment === "staging" && vendor.baseUrls.staging ? vendor.baseUrls.staging : vendor.baseUrls.live;
}

/**
 * The address settings that send every shop's calls elsewhere (a vendor's override, Ometria's
 * headless tracking, the Admin API stand-in), each checked as an http(s) URL. Unchecked,
 * `METRILO_API_URL=localhost:8080` parsed as the scheme "localhost:": every call failed with
 * "unknown scheme", was retried for a day and died, for every shop, while the process looked well.
 */
export function badAddressSettings(env: Record<string, string | undefined> = process.env): string[] {
  const names = [...vendors.map((v) => v.baseUrlEnv), HEADLESS_URL_ENV, "SHOPIFY_ADMIN_API_URL"];
  return names.flatMap((name) => (env[name]?.trim() ? (httpUrlProblem(name, env[name]!.trim()) ?? []) : []));
}

export function shopInfo(shop: Pick<Shop, "domain" | "primaryDomain">): ShopInfo {
  return { domain: shop.domain, primaryDomain: shop.primaryDomain };
}

export function vendorContext(
  vendor: VendorConnector,
  conn: VendorConnection & { shop: Shop },
  settings: Record<string, unknown> = readSettings(conn),
): VendorContext<Record<string, unknown>> {
  return {
    shop: shopInfo(conn.shop),
    settings,
    environment: conn.environment as VendorEnvironment,
    baseUrl: baseUrlFor(vendor, conn.environment),
    state: syncStateStore(conn.id),
    log: logger.child({ shop: conn.shop.domain, vendor: vendor.id, connection: conn.id }),
    now: () => new Date(),
  };
}
