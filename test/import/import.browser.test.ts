// The Import page in Chromium as a merchant uses it: start, watch the bars move, pause, resume,
// see it finish — with what Tracify gets and how far back orders reach said on the page.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createShopifyAdminSimulator } from "../../simulators/shopify-admin";
import { embeddedQuery, sessionToken } from "../admin/session";
import { chromiumMissing, chromiumSkipReason, launchChromium, openEmbeddedPage, screenshot, type Browser, type EmbeddedPage } from "../support/browser";
import { startRig, type Rig } from "../support/rig";
import { seedOfflineSession } from "../support/seed";
import { TEST_SHOP } from "../support/webhooks";

if (chromiumMissing) console.info(chromiumSkipReason);

describe.skipIf(chromiumMissing)("the Import page", () => {
  let rig: Rig;
  let browser: Browser;
  let tab: EmbeddedPage;
  const admin = createShopifyAdminSimulator({ accessToken: "shpat_test_token" });

  beforeAll(async () => {
    rig = await startRig("sqlite", { CONDUIT_IMPORT_POLL_MS: "200", CONDUIT_IMPORT_BULK_POLL_MS: "300", CONDUIT_IMPORT_WINDOW: "200", CONDUIT_IMPORT_PAGE: "100" }, { admin });
    // Ometria's 4 calls a second set the pace: long enough to watch, pause and resume.
    admin.bulk.setStore({ customers: 300, collections: 3, products: 10, variantsPerProduct: 1, orders: 600 });
    for (const v of ["metrilo", "ometria", "tracify"] as const) await rig.connect(v);
    await seedOfflineSession(rig.db);
    browser = await launchChromium();
    tab = await openEmbeddedPage(browser, rig.conduit.url, () => sessionToken(TEST_SHOP));
  }, 60_000);
  afterAll(async () => {
    await browser?.close();
    await rig?.close();
    admin.bulk.close();
  });

  const done = async (vendor: string, resource: string) => Number(await tab.page.getByLabel(`${vendor} ${resource} progress`).getAttribute("data-done"));

  it("starts, moves, pauses, resumes and finishes", async () => {
    const { page } = tab;
    await page.goto(`${rig.conduit.url}/app/import?${await embeddedQuery(TEST_SHOP)}`);
    await page.getByText("Orders reach back 60 days").waitFor();
    await page.getByRole("button", { name: "Start import" }).click();
    await page.getByText("Import started.").waitFor();
    await page.getByText("Running", { exact: true }).waitFor({ timeout: 20_000 });
    await page.getByText("The Admin API keeps no user agent for past orders", { exact: false }).first().waitFor();

    // The bar moves while the page stays open.
    await expect.poll(() => done("ometria", "customers"), { timeout: 30_000 }).toBeGreaterThan(0);
    await screenshot(page, "import-running");
    await page.getByRole("button", { name: "Pause" }).click();
    await page.getByText("Paused", { exact: true }).waitFor();
    await screenshot(page, "import-paused");
    await page.getByRole("button", { name: "Resume" }).click();
    await page.getByText("Import resumed.").waitFor();
    await page.getByText("Done", { exact: true }).waitFor({ timeout: 120_000 });
    expect(await done("metrilo", "orders")).toBe(600);
    expect(await done("ometria", "orders")).toBe(600);
    await page.getByRole("heading", { name: "History", exact: true }).waitFor();
    await screenshot(page, "import-done");
    expect(tab.errors).toEqual([]);
  }, 180_000);
});
