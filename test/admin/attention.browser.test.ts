// What the merchant sees in Chromium when something needs them: Metrilo refusing the keys (the
// connection and its rows paused, each row saying why it waits) and a webhook Conduit could not
// read — then the keys fixed on the settings page and everything that waited delivered.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { SIM_CREDENTIALS } from "../../simulators";
import { createShopifyAdminSimulator } from "../../simulators/shopify-admin";
import { fixture } from "../fixtures/shopify";
import { chromiumMissing, chromiumSkipReason, launchChromium, openEmbeddedPage, screenshot, type Browser, type EmbeddedPage } from "../support/browser";
import { startRig, type Rig } from "../support/rig";
import { seedOfflineSession } from "../support/seed";
import { waitFor } from "../support/wait";
import { sendWebhook, TEST_SHOP } from "../support/webhooks";
import { embeddedQuery, sessionToken } from "./session";

if (chromiumMissing) console.info(chromiumSkipReason);

const { metrilo } = SIM_CREDENTIALS;
const ACCESS_TOKEN = "shpat_attention_test";
const ORDER = String(fixture("orders-create").id);

describe.skipIf(chromiumMissing)("the admin when something needs the merchant", () => {
  let rig: Rig;
  let browser: Browser;
  let tab: EmbeddedPage;

  const open = async (path: string) => tab.page.goto(`${rig.conduit.url}${path}?${await embeddedQuery(TEST_SHOP)}`);
  const statuses = async () => (await rig.db.delivery.findMany({ orderBy: { createdAt: "asc" } })).map((d) => d.status);

  beforeAll(async () => {
    rig = await startRig("sqlite", {}, { admin: createShopifyAdminSimulator({ accessToken: ACCESS_TOKEN }) });
    await seedOfflineSession(rig.db, TEST_SHOP, ACCESS_TOKEN);
    await rig.connect("metrilo", TEST_SHOP, { apiSecret: "a-rotated-away-secret" });
    expect((await sendWebhook(rig.conduit.url, "customers/create", fixture("customers-create"))).status).toBe(200);
    await waitFor("Metrilo to refuse the keys", async () => (await rig.db.vendorConnection.findFirst({ where: { status: "needs_attention" } })) ?? undefined);
    expect((await sendWebhook(rig.conduit.url, "orders/create", fixture("orders-create"))).status).toBe(200);
    await waitFor("both rows to be paused", async () => (await statuses()).join() === "paused,paused");
    expect((await sendWebhook(rig.conduit.url, "products/update", null, { rawBody: '{"id": 1, "variants": [' })).status).toBe(200);
    browser = await launchChromium();
    tab = await openEmbeddedPage(browser, rig.conduit.url, () => sessionToken(TEST_SHOP));
  });
  afterAll(async () => {
    await browser?.close();
    await rig?.close();
  });

  it("the Overview names the refused keys and the update it could not read", async () => {
    await open("/app");
    const { page } = tab;
    await page.getByText("Shopify sent 1 update in the last 24 hours that Conduit could not read").waitFor();
    await page.getByText("products/update", { exact: false }).waitFor();
    await page.getByText("Metrilo refused Conduit's credentials (HTTP 403)", { exact: false }).first().waitFor();
    await screenshot(page, "overview-attention");
  });

  it("Activity shows both rows paused, and the order says why it waits and what to fix", async () => {
    await open("/app/activity");
    const { page } = tab;
    const row = page.getByRole("row").filter({ hasText: `Order ${ORDER}` });
    await row.getByText("Paused").waitFor();
    await row.getByText("Held until Metrilo works again.", { exact: false }).waitFor();
    await screenshot(page, "activity-paused");
    await row.getByRole("link").click();
    await page.getByText("Why it is waiting").waitFor();
    await page.getByText("Nothing has been sent to Metrilo for this delivery yet.").waitFor();
    await page.getByText("once Metrilo works again").waitFor();
    await screenshot(page, "activity-detail-paused");
  });

  it("saving the right secret releases the paused rows and both arrive", async () => {
    await open("/app/vendors/metrilo");
    const { page } = tab;
    await page.getByLabel("API secret").fill(metrilo.apiSecret);
    await page.getByRole("button", { name: "Save" }).click();
    await waitFor("both rows to be delivered", async () => (await statuses()).join() === "delivered,delivered", 20_000);
    await open("/app");
    await page.getByText("Every order arrived.").waitFor();
    expect(tab.errors).toEqual([]);
  });
});
