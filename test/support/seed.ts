// Puts a shop in the state a test needs, the way the app itself would store it.
import type { PrismaClient } from "../../node_modules/.conduit/prisma-sqlite/index.js";
import { encrypt, parseKey } from "../../app/crypto.server";
import { TEST_SHOP } from "./webhooks";

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
