// The VendorContext a connector works in: decrypted settings, the base URL to call and the
// connection's memory. Base URL precedence: env override > chosen environment > live.
import type { Shop, VendorConnection } from "../../node_modules/.conduit/prisma-sqlite/index.js";
import { readSettings } from "../connections/settings.server";
import { logger } from "../logger.server";
import type { ShopInfo } from "../domain/types";
import type { VendorConnector, VendorContext, VendorEnvironment } from "../vendors/types";
import { syncStateStore } from "./sync-state.server";

export function baseUrlFor(vendor: VendorConnector, environment: string): string {
  const override = process.env[vendor.baseUrlEnv];
  if (override) return override.replace(/\/$/, "");
  return environment === "staging" && vendor.baseUrls.staging ? vendor.baseUrls.staging : vendor.baseUrls.live;
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
