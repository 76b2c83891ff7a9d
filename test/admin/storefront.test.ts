// Saving vendor settings publishes the storefront's public settings to the app-owned metafield
// through the Admin API (here its stand-in), never a secret; a failed publish keeps the save.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { SIM_CREDENTIALS } from "../../simulators";
import { createShopifyAdminSimulator, type ShopifyAdminSimulator } from "../../simulators/shopify-admin";
import { startRig, type Rig } from "../support/rig";
import { seedOfflineSession } from "../support/seed";
import { TEST_SHOP } from "../support/webhooks";
import { adminFetch } from "./session";

const { metrilo } = SIM_CREDENTIALS;
const ACCESS_TOKEN = "shpat_storefront_test";

describe("storefront metafield", () => {
  let rig: Rig;
  let admin: ShopifyAdminSimulator;

  const post = (path: string, form: Record<string, string>) => adminFetch(rig.conduit.url, `${path}.data`, { shop: TEST_SHOP, form });
  const saveMetrilo = (extra: Record<string, string> = {}) =>
    post("/app/vendors/metrilo", { intent: "save", "field.apiToken": metrilo.apiToken, "field.apiSecret": "", "send.customers": "on", "send.orders": "on", "send.storefront": "on", ...extra });
  const published = () => JSON.parse(admin.metafield("conduit", "storefront")?.value ?? "null");
  const connection = () => rig.db.vendorConnection.findFirstOrThrow({ where: { vendor: "metrilo" } });

  beforeAll(async () => {
    admin = createShopifyAdminSimulator({ accessToken: ACCESS_TOKEN });
    rig = await startRig("sqlite", {}, { admin });
    await seedOfflineSession(rig.db, TEST_SHOP, ACCESS_TOKEN);
  });
  afterAll(() => rig?.close());

  it("names the field a setting is wrong in, and saves nothing", async () => {
    const res = await post("/app/vendors/metrilo", { intent: "save", "field.apiToken": "has spaces", "field.apiSecret": metrilo.apiSecret });
    expect(res.status).toBe(400);
    expect(await res.text()).toMatch(/"apiToken","API token must not contain spaces"/);
    expect(await rig.db.vendorConnection.count()).toBe(0);
    expect(admin.metafield("conduit", "storefront")).toBeUndefined();
  });

  it("publishes public settings, what is sent and the consent mode — no secret", async () => {
    const res = await saveMetrilo({ "field.apiSecret": metrilo.apiSecret });
    expect(res.status).toBe(200);
    const stored = admin.metafield("conduit", "storefront");
    expect(stored).toMatchObject({ ownerId: expect.stringMatching(/^gid:\/\/shopify\/AppInstallation\//), type: "json" });
    expect(stored!.value).not.toContain(metrilo.apiSecret);
    expect(published()).toEqual({
      vendors: {
        metrilo: { enabled: true, storefront: true, consent: "marketing", settings: { apiToken: metrilo.apiToken } },
        ometria: { enabled: false },
        tracktor: { enabled: false },
        tracify: { enabled: false },
      },
    });
    // Unticked boxes are stored as "don't send".
    expect(JSON.parse((await connection()).sendOptions)).toEqual({ customers: true, catalogue: false, orders: true, storefront: true });
  });

  it("keeps the stored secret when its box is left empty", async () => {
    await saveMetrilo();
    const res = await post("/app/vendors/metrilo", { intent: "test" });
    expect(await res.text()).toMatch(/"ok",true/);
  });

  it("republishes when the merchant changes the consent mode or disables the vendor", async () => {
    await post("/app/privacy", { intent: "consent", "consent.metrilo": "analytics" });
    expect(published().vendors.metrilo.consent).toBe("analytics");
    expect(JSON.parse((await connection()).sendOptions)).toMatchObject({ consent: "analytics", customers: true });
    await post("/app/vendors/metrilo", { intent: "disable" });
    expect(published().vendors.metrilo).toEqual({ enabled: false });
    await post("/app/vendors/metrilo", { intent: "enable" });
    expect(published().vendors.metrilo).toMatchObject({ enabled: true, consent: "analytics" });
  });

  it("keeps the saved settings and warns when Shopify does not take the metafield", async () => {
    const before = admin.metafield("conduit", "storefront")!.value;
    rig.adminServer!.fail({ status: 503 });
    const res = await saveMetrilo({ "field.apiToken": "n3w-t0k3n" });
    expect(res.status).toBe(200);
    expect(await res.text()).toContain("Your settings are saved, but the storefront could not be updated");
    expect(JSON.parse((await connection()).publicSettings)).toEqual({ apiToken: "n3w-t0k3n" });
    expect(admin.metafield("conduit", "storefront")!.value).toBe(before);
    // The next save publishes again.
    await saveMetrilo({ "field.apiToken": "n3w-t0k3n" });
    expect(published().vendors.metrilo.settings).toEqual({ apiToken: "n3w-t0k3n" });
  });
});
