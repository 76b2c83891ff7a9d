// A webhook Shopify signed but Conduit could not read is answered 200 (retrying cannot fix it),
// so the Overview is where the merchant learns of it: how many, which topic, why — and only their own.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { fixture } from "../fixtures/shopify";
import { startConduit, testEnv, type Conduit } from "../support/conduit";
import { createTestDatabase, type TestDatabase } from "../support/database";
import { seedOfflineSession } from "../support/seed";
import { sendWebhook, TEST_SHOP } from "../support/webhooks";
import { adminFetch } from "./session";

const OTHER_SHOP = "unreadable-other.myshopify.com";

describe("webhooks Conduit could not read, on the Overview", () => {
  let database: TestDatabase;
  let conduit: Conduit;
  // React marks where text and values meet with empty comments; the merchant reads them as one.
  const overview = async (shop: string) => (await (await adminFetch(conduit.url, "/app", { shop })).text()).replaceAll("<!-- -->", "");

  beforeAll(async () => {
    database = await createTestDatabase("sqlite");
    conduit = await startConduit(testEnv(database.url));
    await seedOfflineSession(database.db, TEST_SHOP);
    await seedOfflineSession(database.db, OTHER_SHOP, "shpat_other");
  });
  afterAll(async () => {
    await conduit?.stop();
    await database?.drop();
  });

  it("says nothing while every webhook was readable", async () => {
    expect((await sendWebhook(conduit.url, "customers/create", fixture("customers-create"))).status).toBe(200);
    expect(await overview(TEST_SHOP)).not.toContain("could not read");
  });

  it("counts them, names each topic and reason, and says how the records still arrive", async () => {
    const order = fixture("orders-create");
    delete order.id;
    expect((await sendWebhook(conduit.url, "orders/create", order)).status).toBe(200);
    expect((await sendWebhook(conduit.url, "products/update", null, { rawBody: '{"id": 1, "variants": [' })).status).toBe(200);

    const html = await overview(TEST_SHOP);
    expect(html).toContain("Shopify sent 2 updates in the last 24 hours that Conduit could not read");
    expect(html).toContain("Nothing was sent to your vendors for them.");
    expect(html).toMatch(/orders\/create, <time[^>]*>[^<]*<\/time>: not a valid orders\/create payload: id/);
    expect(html).toMatch(/products\/update, <time[^>]*>[^<]*<\/time>: [^<]*not valid JSON/);
    // Reconciliation is off in this run, so the page says how to send them again.
    expect(html).toContain("again in Shopify to send them");
  });

  it("another shop sees none of them", async () => {
    expect(await overview(OTHER_SHOP)).not.toContain("could not read");
  });
});
