// The merchant's path through the embedded admin in Chromium, against the running app and the
// vendor simulators: connect Metrilo, test it, watch an order arrive, live through an outage
// explained in plain words, retry once it is over, set consent, see a data request.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { SIM_CREDENTIALS } from "../../simulators";
import { createShopifyAdminSimulator, type ShopifyAdminSimulator } from "../../simulators/shopify-admin";
import { fixture } from "../fixtures/shopify";
import { chromiumMissing, chromiumSkipReason, launchChromium, openEmbeddedPage, screenshot, type Browser, type EmbeddedPage } from "../support/browser";
import { startRig, type Rig } from "../support/rig";
import { seedOfflineSession } from "../support/seed";
import { waitFor } from "../support/wait";
import { sendWebhook, TEST_SHOP } from "../support/webhooks";
import { embeddedQuery, sessionToken } from "./session";

if (chromiumMissing) console.info(chromiumSkipReason);

const { metrilo } = SIM_CREDENTIALS;
const ACCESS_TOKEN = "shpat_browser_test";
const ORDER = String(fixture("orders-create").id);
const GUEST_ORDER = String(fixture("orders-create-guest").id);

describe.skipIf(chromiumMissing)("the merchant admin in Chromium", () => {
  let rig: Rig;
  let admin: ShopifyAdminSimulator;
  let browser: Browser;
  let tab: EmbeddedPage;

  /** A document load the way the admin opens the app: embedded=1, shop, host, a fresh id_token. */
  const open = async (path: string) => {
    const [pathname, search] = path.split("?");
    await tab.page.goto(`${rig.conduit.url}${pathname}?${search ? `${search}&` : ""}${await embeddedQuery(TEST_SHOP)}`);
  };
  const orderRow = (entityId: string) => rig.db.delivery.findFirst({ where: { kind: "order", entityId } });
  const published = () => JSON.parse(admin.metafield("conduit", "storefront")?.value ?? "null");

  beforeAll(async () => {
    admin = createShopifyAdminSimulator({ accessToken: ACCESS_TOKEN });
    // A retry window of a few seconds, so an outage turns a row "failed" within the test.
    rig = await startRig("sqlite", { CONDUIT_RETRY_WINDOW_HOURS: "0.001" }, { admin });
    await seedOfflineSession(rig.db, TEST_SHOP, ACCESS_TOKEN);
    browser = await launchChromium();
    tab = await openEmbeddedPage(browser, rig.conduit.url, () => sessionToken(TEST_SHOP));
  });
  afterAll(async () => {
    await browser?.close();
    await rig?.close();
  });

  it("an empty shop's Overview says what to do next, and the nav lists every page", async () => {
    await open("/app");
    const { page } = tab;
    await expect(page.getByRole("heading", { name: "Connect your first marketing tool" }).isVisible()).resolves.toBe(true);
    expect(await page.getByText("Not connected", { exact: true }).count()).toBe(4);
    expect(await page.locator("ui-nav-menu a").allTextContents()).toEqual(["Overview", "Activity", "Import", "Privacy"]);
    await screenshot(page, "overview-empty");
  });

  it("connects Metrilo in its settings page and publishes the storefront settings", async () => {
    const { page } = tab;
    await page.getByRole("link", { name: "Connect Metrilo" }).click();
    await page.getByRole("heading", { name: "Metrilo settings" }).waitFor();
    await page.getByLabel("API token", { exact: true }).fill(metrilo.apiToken);
    await page.getByLabel("API secret", { exact: true }).fill(metrilo.apiSecret);
    await page.getByLabel("Catalogue").uncheck();
    await page.getByRole("button", { name: "Save" }).click();
    await page.locator(".app-bridge-toast", { hasText: "Settings saved" }).waitFor();
    // Write-only: the box is empty again and the secret is only described.
    await page.getByText(`Currently set, ends in ${metrilo.apiSecret.slice(-4)}`).waitFor();
    expect(await page.getByLabel("API secret", { exact: true }).inputValue()).toBe("");
    expect(await page.getByLabel("Catalogue").isChecked()).toBe(false);
    const conn = await rig.db.vendorConnection.findFirstOrThrow({ where: { vendor: "metrilo", enabled: true } });
    expect(JSON.parse(conn.sendOptions)).toEqual({ customers: true, catalogue: false, orders: true, storefront: true });
    expect(published().vendors.metrilo.settings).toEqual({ apiToken: metrilo.apiToken });
  });

  it("Test connection names the field Metrilo refused, and succeeds once it is right", async () => {
    const { page } = tab;
    const secret = page.getByLabel("API secret", { exact: true });
    await secret.fill("not-the-secret");
    await page.getByRole("button", { name: "Save" }).click();
    await page.getByText("Currently set, ends in cret").waitFor();
    await page.getByRole("button", { name: "Test connection" }).click();
    await page.getByText("Connection failed").waitFor();
    expect(await secret.getAttribute("aria-invalid")).toBe("true");
    expect(await page.locator(".Polaris-InlineError", { hasText: "Metrilo refused the API secret" }).count()).toBe(1);

    await secret.fill(metrilo.apiSecret);
    await page.getByRole("button", { name: "Save" }).click();
    await page.getByText(`Currently set, ends in ${metrilo.apiSecret.slice(-4)}`).waitFor();
    await page.getByRole("button", { name: "Test connection" }).click();
    await page.getByText("Connected: Metrilo accepted the API token and the API secret.").waitFor();
    expect(await secret.getAttribute("aria-invalid")).not.toBe("true");
    await screenshot(page, "vendor-settings");
  });

  it("an order from Shopify shows in Activity as delivered", async () => {
    expect((await sendWebhook(rig.conduit.url, "orders/create", fixture("orders-create"))).status).toBe(200);
    await waitFor("the order to reach Metrilo", async () => (await orderRow(ORDER))?.status === "delivered");
    const { page } = tab;
    await page.getByRole("link", { name: "Overview" }).click();
    await page.getByRole("link", { name: "View activity" }).click();
    const row = page.getByRole("row").filter({ hasText: `Order ${ORDER}` });
    await row.getByText("Delivered").waitFor();
    expect(new URL(page.url()).searchParams.get("vendor")).toBe("metrilo");
  });

  it("a Metrilo outage is explained in plain words on the Overview, with what is missing", async () => {
    rig.sims.servers.metrilo.fail({ status: 500, times: Infinity });
    expect((await sendWebhook(rig.conduit.url, "orders/create", fixture("orders-create-guest"))).status).toBe(200);
    await waitFor("the guest order to fail", async () => (await orderRow(GUEST_ORDER))?.status === "dead", 30_000);
    await open("/app");
    const { page } = tab;
    await page.getByText("Metrilo's server had a problem (HTTP 500); nothing is wrong with your data.", { exact: false }).waitFor();
    await page.getByText("Orders: 2 in Shopify in the last 24 hours").waitFor();
    await page.getByText("1 delivered to Metrilo").waitFor();
    await screenshot(page, "overview");
    await page.getByRole("link", { name: "See the 1 not delivered" }).click();
    await page.getByRole("heading", { name: "Activity" }).waitFor();
    const params = new URL(page.url()).searchParams;
    expect([params.get("vendor"), params.get("kind"), params.get("status")]).toEqual(["metrilo", "order", "undelivered"]);
    const rows = page.getByRole("row").filter({ hasText: "Order " });
    await rows.first().getByText("Failed").waitFor();
    expect(await rows.count()).toBe(1);
    await screenshot(page, "activity-filtered");
  });

  it("the delivery page shows the vendor's answer and the attempts; Retry after the fix delivers it", async () => {
    const { page } = tab;
    await page.getByRole("row").filter({ hasText: `Order ${GUEST_ORDER}` }).getByRole("link").click();
    await page.getByText("What went wrong").waitFor();
    await page.getByText("Conduit stopped retrying: press Retry once Metrilo works again.", { exact: false }).waitFor();
    await page.getByText("Metrilo's answer (HTTP 500)").waitFor();
    // The order Metrilo never took is still there to read.
    await page.getByText("What Conduit tried to send to Metrilo").waitFor();
    await page.getByText(`"id": "${GUEST_ORDER}"`, { exact: false }).waitFor();
    expect(await page.getByRole("row").filter({ hasText: "→ Failed" }).count()).toBe(1);
    await screenshot(page, "activity-detail-failed");

    rig.sims.servers.metrilo.clearFaults();
    await page.getByRole("button", { name: /Retry delivery/ }).click();
    // The page follows the retried row by itself until it settles.
    await page.locator(".Polaris-Badge", { hasText: "Delivered" }).waitFor({ timeout: 20_000 });
    await page.getByText("Sent to Metrilo").waitFor();
    await page.getByText(`"id": "${GUEST_ORDER}"`, { exact: false }).waitFor();
    await screenshot(page, "activity-detail");
    expect((await orderRow(GUEST_ORDER))?.status).toBe("delivered");

    await open("/app/activity");
    await screenshot(tab.page, "activity");
    await open("/app");
    await tab.page.getByText("Every order arrived.").waitFor();
  });

  it("Privacy: sets Metrilo's consent mode and lists the data request Shopify sent", async () => {
    const ada = fixture("customers-create");
    const request = { shop_id: 1, shop_domain: TEST_SHOP, customer: { id: ada.id, email: ada.email, phone: null }, orders_requested: [Number(ORDER)], data_request: { id: 7 } };
    expect((await sendWebhook(rig.conduit.url, "customers/data_request", request)).status).toBe(200);
    await waitFor("the data request's report", async () => (await rig.db.privacyRequest.count({ where: { status: "completed" } })) > 0);
    await open("/app/privacy");
    const { page } = tab;
    await page.getByLabel("Metrilo").selectOption("analytics");
    await page.getByRole("button", { name: "Save consent" }).click();
    await page.getByText("Consent settings saved.").waitFor();
    expect(published().vendors.metrilo.consent).toBe("analytics");
    const row = page.getByRole("row").filter({ hasText: "Data request" });
    await row.getByText(`ID ${ada.id}`, { exact: false }).waitFor();
    await row.getByText(/Holds \d+ stored Shopify events? · Metrilo: \d+ deliver/).waitFor();
    await screenshot(page, "privacy");
  });

  it("a delivery that is not this shop's shows the page's error state", async () => {
    await open("/app/activity/not-a-delivery-of-this-shop");
    await tab.page.getByText("There is nothing here for your store.").waitFor();
    await screenshot(tab.page, "activity-not-found");
  });

  it("no page error along the way, and nothing left the machine", () => {
    expect(tab.errors).toEqual([]);
    expect(tab.blocked).toEqual([]);
  });
});
