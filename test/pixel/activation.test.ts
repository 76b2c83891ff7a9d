// The Web Pixel follows what the merchant switches on: created through webPixelCreate when a
// server-side vendor first takes storefront events, updated when its settings are stale, deleted
// when no vendor wants them — against the Admin API stand-in — and the vendor page says so.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { SIM_CREDENTIALS } from "../../simulators";
import { createShopifyAdminSimulator } from "../../simulators/shopify-admin";
import { GRAPHQL_PATH } from "../../simulators/shopify-admin";
import { adminFetch, BROWSER_UA, embeddedQuery } from "../admin/session";
import { childEnv } from "../support/conduit";
import { startRig, type Rig } from "../support/rig";
import { execFile } from "node:child_process";
import { promisify } from "node:util";
import { seedOfflineSession } from "../support/seed";
import { TEST_SHOP } from "../support/webhooks";

const { tracify } = SIM_CREDENTIALS;
const ACCESS_TOKEN = "shpat_pixel";
const EXPECTED = JSON.stringify({ collectUrl: "http://127.0.0.1/collect", shop: TEST_SHOP });

describe("the Web Pixel per shop", () => {
  let rig: Rig;
  const admin = createShopifyAdminSimulator({ accessToken: ACCESS_TOKEN });
  const post = (form: Record<string, string>) => adminFetch(rig.conduit.url, "/app/vendors/tracify.data", { shop: TEST_SHOP, form });
  const save = (serverEvents: boolean) => post({
    intent: "save", "field.apiKey": tracify.apiKey, "field.customerSiteId": tracify.customerSiteId, environment: "live",
    "send.orders": "on", ...(serverEvents ? { "send.serverEvents": "on" } : {}),
  });
  /** The vendor page as the merchant's browser loads it inside the admin. */
  const page = async () => {
    const res = await fetch(`${rig.conduit.url}/app/vendors/tracify?${await embeddedQuery(TEST_SHOP)}`, { headers: { "User-Agent": BROWSER_UA } });
    expect(res.status).toBe(200);
    const html = await res.text();
    return html.includes(">Pixel connected<") ? "connected" : html.includes(">Pixel not connected<") ? "not connected" : "no line";
  };

  beforeAll(async () => {
    rig = await startRig("sqlite", {}, { admin });
    await seedOfflineSession(rig.db, TEST_SHOP, ACCESS_TOKEN);
  }, 120_000);
  afterAll(() => rig?.close());

  it("is not there, and the page says so, before any vendor wants storefront events", async () => {
    expect((await save(false)).status).toBe(200);
    expect(admin.webPixel()).toBeNull();
    expect(await page()).toBe("not connected");
  });

  it("is created with the collect URL and shop once storefront events are switched on", async () => {
    expect((await save(true)).status).toBe(200);
    expect(admin.webPixel()).toEqual({ id: expect.stringMatching(/^gid:\/\/shopify\/WebPixel\//), settings: EXPECTED });
    expect(await page()).toBe("connected");
    expect((await save(true)).status).toBe(200);
    expect(admin.webPixelHistory).toEqual(["create"]);
  });

  it("is updated when its settings are stale", async () => {
    const stale = JSON.stringify({ collectUrl: "https://old.example/collect", shop: TEST_SHOP });
    const res = await fetch(`${rig.adminServer!.url}${GRAPHQL_PATH}`, {
      method: "POST",
      headers: { "content-type": "application/json", "x-shopify-access-token": ACCESS_TOKEN },
      body: JSON.stringify({ query: "mutation WebPixelUpdate($id: ID!, $webPixel: WebPixelInput!) { x }", variables: { id: admin.webPixel()!.id, webPixel: { settings: stale } } }),
    });
    expect(res.status).toBe(200);
    expect((await save(true)).status).toBe(200);
    expect(admin.webPixel()!.settings).toBe(EXPECTED);
    expect(admin.webPixelHistory.slice(-2)).toEqual(["update", "update"]);
  });

  it("is deleted when the vendor is disabled, and back when it is enabled", async () => {
    expect((await post({ intent: "disable" })).status).toBe(200);
    expect(admin.webPixel()).toBeNull();
    expect((await post({ intent: "enable" })).status).toBe(200);
    expect(admin.webPixel()?.settings).toBe(EXPECTED);
    expect(admin.webPixelHistory.slice(-2)).toEqual(["delete", "create"]);
  });

  it("goes when the last server-side vendor is disconnected from the CLI", async () => {
    expect(admin.webPixel()).not.toBeNull();
    // Not runCli (spawnSync): the Admin stand-in answers from this process, which must keep running.
    const { stdout } = await promisify(execFile)(process.execPath, ["bin/conduit.js", "disconnect", "--shop", TEST_SHOP, "--vendor", "tracify"], { env: childEnv(rig.env) });
    expect(stdout).toContain("Web Pixel deleted");
    expect(admin.webPixel()).toBeNull();
  });
});
