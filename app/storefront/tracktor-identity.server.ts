// The Tracktor.io identity the storefront may use for a logged-in customer: the id Conduit sends
// Tracktor for that customer server-side (the Shopify customer id) and, in secure mode, its
// signature. Only the app proxy calls this, with a customer id Shopify vouched for.
import prisma from "../db.server";
import { readSettings } from "../connections/settings.server";
import { parseSendOptions } from "../delivery/plan.server";
import { signIdentity } from "../vendors/tracktor/sign";

export interface TracktorIdentity {
  id: string;
  /** Absent when the merchant has not turned on Tracktor's secure mode (no signature secret). */
  sign?: string;
}

/** null when the shop has no enabled Tracktor.io connection with storefront tracking on. */
export async function tracktorIdentity(shopDomain: string, customerId: string): Promise<TracktorIdentity | null> {
  const conn = await prisma.vendorConnection.findFirst({ where: { vendor: "tracktor", enabled: true, shop: { domain: shopDomain } } });
  if (!conn || parseSendOptions(conn.sendOptions).storefront === false) return null;
  const { signatureSecret } = readSettings(conn) as { signatureSecret?: string };
  return signatureSecret ? { id: customerId, sign: signIdentity(signatureSecret, customerId) } : { id: customerId };
}
