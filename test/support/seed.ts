// Puts a shop in the state a test needs, the way the app itself would store it.
import type { PrismaClient } from "../../node_modules/.conduit/prisma-sqlite/index.js";
import type { VendorId } from "../../app/vendors/types";
import { encrypt, parseKey } from "../../app/crypto.server";
import { SIM_CREDENTIALS } from "../../simulators";
import { TEST_SHOP } from "./webhooks";

const { metrilo, ometria, tracktor, tracify } = SIM_CREDENTIALS;

/** Each vendor's settings for its simulator, split as the app stores them: secret, then public. */
export const SIM_SETTINGS: Record<VendorId, [Record<string, string>, Record<string, string>]> = {
  metrilo: [{ apiSecret: metrilo.apiSecret }, { apiToken: metrilo.apiToken }],
  ometria: [{ apiKey: ometria.apiKey }, { accountId: ometria.accountId }],
  tracktor: [{ signatureSecret: tracktor.signatureSecret }, { token: tracktor.token }],
  tracify: [{ apiKey: tracify.apiKey }, { customerSiteId: tracify.customerSiteId }],
};

export async function seedShop(db: PrismaClient, domain = TEST_SHOP) {
  return db.shop.upsert({ where: { domain }, create: { domain, primaryDomain: "https://shop.conduit-test.example" }, update: {} });
}

export async function seedConnection(
  db: PrismaClient,
  env: Record<string, string>,
  vendor: string,
  secret: Record<string, string>,
  open: Record<string, string> = {},
  domain = TEST_SHOP,
) {
  const shop = await seedShop(db, domain);
  return db.vendorConnection.create({
    data: {
      shopId: shop.id,
      vendor,
      secretSettings: encrypt(JSON.stringify(secret), parseKey(env.CONDUIT_ENCRYPTION_KEY)),
      publicSettings: JSON.stringify(open),
    },
  });
}

export async function seedOfflineSession(db: PrismaClient, domain = TEST_SHOP, accessToken = "shpat_test_token") {
  return db.session.create({
    data: { id: `offline_${domain}`, shop: domain, state: "", isOnline: false, scope: "read_orders,read_products,read_customers", accessToken },
  });
}

/** The shop connected to all four vendor simulators, as `npm run demo` connects it. */
export async function seedAllVendors(db: PrismaClient, env: Record<string, string>, domain = TEST_SHOP) {
  for (const [vendor, [secret, open]] of Object.entries(SIM_SETTINGS)) await seedConnection(db, env, vendor, secret, open, domain);
}
