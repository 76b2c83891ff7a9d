// What the merchant sees on a vendor's settings page in Chromium: storefront tracking not live with
// one button to the theme editor's app embed while the embed is off in the live theme, and "live"
// once the theme's settings_data.json (in the Admin API stand-in) has it switched on.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createShopifyAdminSimulator, type ShopifyAdminSimulator } from "../../simulators/shopify-admin";
import { settingsWithEmbed } from "../../simulators/shopify-admin/themes";
import { chromiumMissing, chromiumSkipReason, launchChromium, openEmbeddedPage, screenshot, type Browser, type EmbeddedPage } from "../support/browser";
import { TEST_API_KEY } from "../support/conduit";
import { startRig, type Rig } from "../support/rig";
import { seedOfflineSession } from "../support/seed";
import { TEST_SHOP } from "../support/webhooks";
import { embeddedQuery, sessionToken } from "../admin/session";

if (chromiumMissing) console.info(chromiumSkipReason);

const ACCESS_TOKEN = "shpat_embed_admin_browser";
const EMBED_TYPE = "shopify://apps/conduit/blocks/conduit-tracking/3f1e2d4c-5b6a-4789-8a9b-0c1d2e3f4a5b";

describe.skipIf(chromiumMissing)("vendor page in Chromium: the storefront embed", () => {
  let rig: Rig;
  let admin: ShopifyAdminSimulator;
  let browser: Browser;
  let tab: EmbeddedPage;
  const open = async (vendor: string) => tab.page.goto(`${rig.conduit.url}/app/vendors/${vendor}?${await embeddedQuery(TEST_SHOP)}`);

  beforeAll(async () => {
    admin = createShopifyAdminSimulator({ accessToken: ACCESS_TOKEN });
    rig = await startRig("sqlite", {}, { admin });
    await seedOfflineSession(rig.db, TEST_SHOP, ACCESS_TOKEN);
    await rig.connect("metrilo");
    browser = await launchChromium();
    tab = await openEmbeddedPage(browser, rig.conduit.url, () => sessionToken(TEST_SHOP));
  });
  afterAll(async () => {
    await browser?.close();
    await rig?.close();
  });

  it("while the embed is off: not live, and one button that opens the theme editor on it", async () => {
    await open("metrilo");
    const { page } = tab;
    await page.getByText("Storefront tracking is not live").waitFor();
    const button = page.getByRole("link", { name: "Open theme editor" });
    expect(await button.count()).toBe(1);
    expect(await button.getAttribute("href")).toBe(`https://${TEST_SHOP}/admin/themes/current/editor?context=apps&activateAppId=${TEST_API_KEY}/conduit-tracking`);
    // The admin, not the app's iframe, must open it.
    expect(await button.getAttribute("target")).toBe("_top");
    await screenshot(page, "vendor-storefront-embed-off");
    expect(tab.errors).toEqual([]);
  });

  it("once the merchant switched it on in the live theme: live, no button", async () => {
    admin.setLiveTheme({ name: "Dawn", settingsData: settingsWithEmbed(EMBED_TYPE) });
    await open("metrilo");
    const { page } = tab;
    await page.getByText("Storefront tracking is live").waitFor();
    expect(await page.getByRole("link", { name: "Open theme editor" }).count()).toBe(0);
    await screenshot(page, "vendor-storefront-embed-live");
    expect(tab.errors).toEqual([]);
  });
});
