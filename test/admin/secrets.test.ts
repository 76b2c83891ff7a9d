// No secret ever reaches a browser: every admin loader's data (Remix single-fetch `.data` and the
// server-rendered documents that embed it) and every Test connection answer, for all four
// vendors connected and after real deliveries, is searched for each secret value.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { startVendorSimulators, SIM_CREDENTIALS, type VendorSimulators } from "../../simulators";
import { fixture, type FixtureName } from "../fixtures/shopify";
import { startConduit, testEnv, type Conduit } from "../support/conduit";
import { createTestDatabase, type TestDatabase } from "../support/database";
import { waitDrained } from "../support/drained";
import { seedAllVendors, seedOfflineSession } from "../support/seed";
import { sendWebhook, TEST_SHOP } from "../support/webhooks";
import { adminFetch, BROWSER_UA, embeddedQuery } from "./session";

const { metrilo, ometria, tracktor, tracify } = SIM_CREDENTIALS;
const VENDORS = ["metrilo", "ometria", "tracktor", "tracify"];
const ACCESS_TOKEN = "shpat_secret_offline_token";

describe("no secret in what the admin pages load", () => {
  let database: TestDatabase;
  let sims: VendorSimulators;
  let conduit: Conduit;
  let secrets: string[];

  beforeAll(async () => {
    database = await createTestDatabase("sqlite");
    sims = await startVendorSimulators();
    conduit = await startConduit(testEnv(database.url, sims.env));
    const db = database.db;
    await seedAllVendors(db, conduit.env);
    await seedOfflineSession(db, TEST_SHOP, ACCESS_TOKEN);
    const sealed = (await db.vendorConnection.findMany()).map((c) => c.secretSettings);
    secrets = [metrilo.apiSecret, ometria.apiKey, tracktor.signatureSecret, tracify.apiKey, ACCESS_TOKEN, conduit.env.CONDUIT_ENCRYPTION_KEY, ...sealed];
    const hooks: [string, FixtureName][] = [["customers/create", "customers-create"], ["products/create", "products-create"], ["orders/create", "orders-create"]];
    for (const [topic, name] of hooks) expect((await sendWebhook(conduit.url, topic, fixture(name))).status).toBe(200);
    await waitDrained(db);
  });
  afterAll(async () => {
    await conduit?.stop();
    await sims?.close();
    await database?.drop();
  });

  const expectNoSecret = (what: string, body: string) => {
    for (const secret of secrets) expect(body.includes(secret), `${what} contains a secret`).toBe(false);
  };

  async function pages(): Promise<string[]> {
    const ids = (await database.db.delivery.findMany({ select: { id: true } })).map((d) => `/app/activity/${d.id}`);
    expect(ids.length).toBeGreaterThan(VENDORS.length);
    return ["/app", "/app/activity", "/app/privacy", ...VENDORS.map((v) => `/app/vendors/${v}`), ...ids];
  }

  it("single-fetch loader data", async () => {
    for (const path of await pages()) {
      const res = await adminFetch(conduit.url, `${path}.data`, { shop: TEST_SHOP });
      expect(res.status, path).toBe(200);
      expectNoSecret(path, await res.text());
    }
  });

  it("server-rendered documents", async () => {
    for (const path of await pages()) {
      const res = await fetch(`${conduit.url}${path}?${await embeddedQuery(TEST_SHOP)}`, { headers: { "User-Agent": BROWSER_UA } });
      const body = await res.text();
      expect(res.status, path).toBe(200);
      // The document carries the loader data: the public token is there, so a secret would be too.
      if (path === "/app/vendors/metrilo") expect(body).toContain(metrilo.apiToken);
      expectNoSecret(path, body);
    }
  });

  it("settings show public values and only a mask of each secret", async () => {
    const expected: Record<string, string[]> = {
      metrilo: [metrilo.apiToken, `set, ends in ${metrilo.apiSecret.slice(-4)}`],
      ometria: [ometria.accountId, `set, ends in ${ometria.apiKey.slice(-4)}`],
      tracktor: [tracktor.token, `set, ends in ${tracktor.signatureSecret.slice(-4)}`],
      tracify: [tracify.customerSiteId, `set, ends in ${tracify.apiKey.slice(-4)}`],
    };
    for (const vendor of VENDORS) {
      const body = await (await adminFetch(conduit.url, `/app/vendors/${vendor}.data`, { shop: TEST_SHOP })).text();
      for (const shown of expected[vendor]) expect(body, vendor).toContain(shown);
    }
  });

  it("Test connection answers", async () => {
    for (const vendor of VENDORS) {
      const res = await adminFetch(conduit.url, `/app/vendors/${vendor}.data`, { shop: TEST_SHOP, form: { intent: "test" } });
      const body = await res.text();
      expect(body, vendor).toMatch(/"ok",true/);
      expectNoSecret(`${vendor} test`, body);
    }
  });
});
