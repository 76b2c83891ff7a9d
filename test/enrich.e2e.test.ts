// What a webhook payload lacks and the Admin API knows — the storefront's primary domain and a
// product's collections — is looked up with the shop's offline session. Without a session the
// record still goes out with what the payload has.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { startSimulator, type Simulator } from "../simulators/base";
import { startVendorSimulators, SIM_CREDENTIALS, type VendorSimulators } from "../simulators";
import { createShopifyAdminSimulator } from "../simulators/shopify-admin";
import { fixture } from "./fixtures/shopify";
import { startConduit, testEnv, type Conduit } from "./support/conduit";
import { createTestDatabase, type TestDatabase } from "./support/database";
import { waitDrained } from "./support/drained";
import { seedConnection, seedOfflineSession } from "./support/seed";
import { sendWebhook } from "./support/webhooks";

const { metrilo } = SIM_CREDENTIALS;
const WITH_SESSION = "enriched.myshopify.com";
const WITHOUT_SESSION = "bare.myshopify.com";

describe("Admin API details for records", () => {
  let database: TestDatabase;
  let sims: VendorSimulators;
  let admin: Simulator;
  let conduit: Conduit;
  const product = fixture("products-create");
  const collectionId = String(fixture("collections-create").id);

  beforeAll(async () => {
    database = await createTestDatabase("sqlite");
    sims = await startVendorSimulators();
    const adminDef = createShopifyAdminSimulator({ accessToken: "shpat_enrich" });
    adminDef.seed({
      shop: { primaryDomain: "https://www.linen-and-co.example", currencyCode: "EUR" },
      products: [{ id: String(product.id), updatedAt: new Date(product.updated_at) }],
      collections: [{ id: collectionId, productIds: [String(product.id)] }] });
    admin = await startSimulator(adminDef);
    conduit = await startConduit(testEnv(database.url, { ...sims.env, SHOPIFY_ADMIN_API_URL: admin.url }));
    for (const shop of [WITH_SESSION, WITHOUT_SESSION]) {
      await database.db.shop.create({ data: { domain: shop } });
      await seedConnection(database.db, conduit.env, "metrilo", { apiSecret: metrilo.apiSecret }, { apiToken: metrilo.apiToken }, shop);
    }
    await seedOfflineSession(database.db, WITH_SESSION, "shpat_enrich");
  });
  afterAll(async () => {
    await conduit?.stop();
    await admin?.close();
    await sims?.close();
    await database?.drop();
  });

  it("adds the product's collections and the primary domain when the shop has a session", async () => {
    expect((await sendWebhook(conduit.url, "products/create", product, { shop: WITH_SESSION })).status).toBe(200);
    await waitDrained(database.db);
    const sent = sims.defs.metrilo.products.get(String(product.id));
    expect(sent?.categories).toEqual([collectionId]);
    expect(sent?.url).toBe(`https://www.linen-and-co.example/products/${product.handle}`);
    expect((await database.db.shop.findUniqueOrThrow({ where: { domain: WITH_SESSION } })).primaryDomain).toBe("https://www.linen-and-co.example");
  });

  it("still delivers, with what the payload has, when there is no session", async () => {
    sims.defs.metrilo.reset();
    const calls = admin.requests.length;
    expect((await sendWebhook(conduit.url, "products/create", product, { shop: WITHOUT_SESSION })).status).toBe(200);
    await waitDrained(database.db);
    const sent = sims.defs.metrilo.products.get(String(product.id));
    expect(sent?.url).toBe(`https://${WITHOUT_SESSION}/products/${product.handle}`);
    expect(sent?.categories).toBeUndefined();
    expect(admin.requests.length).toBe(calls);
  });
});
