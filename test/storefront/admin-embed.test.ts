// The vendor page tells the merchant whether storefront tracking is live, reading the live theme's
// config/settings_data.json through the Admin API (here its stand-in), and while Conduit's app embed
// is off offers the one button that opens the theme editor on it.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createShopifyAdminSimulator, type ShopifyAdminSimulator } from "../../simulators/shopify-admin";
import { settingsWithEmbed } from "../../simulators/shopify-admin/themes";
import { TEST_API_KEY } from "../support/conduit";
import { startRig, type Rig } from "../support/rig";
import { seedOfflineSession } from "../support/seed";
import { TEST_SHOP } from "../support/webhooks";
import { BROWSER_UA, embeddedQuery } from "../admin/session";

const ACCESS_TOKEN = "shpat_embed_status";
const EMBED_TYPE = "shopify://apps/conduit/blocks/conduit-tracking/3f1e2d4c-5b6a-4789-8a9b-0c1d2e3f4a5b";
const EDITOR = `https://${TEST_SHOP}/admin/themes/current/editor?context=apps&amp;activateAppId=${TEST_API_KEY}/conduit-tracking`;

describe("vendor page: storefront tracking and the app embed", () => {
  let rig: Rig;
  let admin: ShopifyAdminSimulator;
  /** The page's HTML as the embedded admin loads it. */
  const page = async (vendor: string) => {
    const res = await fetch(`${rig.conduit.url}/app/vendors/${vendor}?${await embeddedQuery(TEST_SHOP)}`, { headers: { "User-Agent": BROWSER_UA } });
    expect(res.status).toBe(200);
    return res.text();
  };

  beforeAll(async () => {
    admin = createShopifyAdminSimulator({ accessToken: ACCESS_TOKEN });
    rig = await startRig("sqlite", {}, { admin });
    await seedOfflineSession(rig.db, TEST_SHOP, ACCESS_TOKEN);
    const conn = await rig.connect("tracktor");
    await rig.db.vendorConnection.update({ where: { id: conn.id }, data: { sendOptions: JSON.stringify({ customers: true, orders: true, storefront: true }) } });
  });
  afterAll(() => rig?.close());

  it("while the embed is off in the live theme: not live, and a button to the theme editor's app embed", async () => {
    const html = await page("tracktor");
    expect(html).toContain("Storefront tracking is not live");
    expect(html).toContain("Switch on the Conduit app embed in your live theme (Dawn)");
    expect(html).toContain(`href="${EDITOR}"`);
    expect(html).toContain("Open theme editor");
  });

  it("an embed present but switched off is still off", async () => {
    admin.setLiveTheme({ name: "Dawn", settingsData: settingsWithEmbed(EMBED_TYPE, true) });
    expect(await page("tracktor")).toContain("Storefront tracking is not live");
  });

  it("once the merchant switched it on: live, and no button", async () => {
    admin.setLiveTheme({ name: "Refresh", settingsData: settingsWithEmbed(EMBED_TYPE) });
    const html = await page("tracktor");
    expect(html).toContain("Storefront tracking is live");
    expect(html).toContain("your live theme (Refresh)");
    expect(html).not.toContain("Open theme editor");
  });

  it("a vendor whose Storefront tracking box is not ticked is not live, even with the embed on", async () => {
    const html = await page("metrilo");
    expect(html).toContain("Storefront tracking is off");
    expect(html).not.toContain("Storefront tracking is live");
  });

  it("says it could not tell when the Admin API fails, and still offers the button", async () => {
    // Every Admin API call of the page fails: the live-theme read and, for Tracktor, the pixel look-up.
    rig.adminServer!.fail({ status: 503, times: 100 });
    const html = await page("tracktor");
    expect(html).toContain("Conduit could not read your live theme (Admin API answered 503");
    expect(html).toContain(`href="${EDITOR}"`);
  });

  it("shows nothing about the embed for a vendor without a storefront tag", async () => {
    rig.adminServer!.clearFaults();
    const html = await page("tracify");
    expect(html).not.toContain("Storefront tracking");
    expect(html).not.toContain("Open theme editor");
  });
});
