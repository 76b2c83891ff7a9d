// What the merchant ticks on a vendor's settings page decides what reaches the vendor: a kind of
// data switched off never becomes a delivery, and a disabled vendor gets nothing until enabled.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { SIM_CREDENTIALS } from "../../simulators";
import { createShopifyAdminSimulator } from "../../simulators/shopify-admin";
import { fixture } from "../fixtures/shopify";
import { startRig, type Rig } from "../support/rig";
import { seedOfflineSession } from "../support/seed";
import { waitFor } from "../support/wait";
import { sendWebhook, TEST_SHOP } from "../support/webhooks";
import { adminFetch } from "./session";

const { metrilo } = SIM_CREDENTIALS;
const ACCESS_TOKEN = "shpat_what_to_send";

describe("what to send, and enable / disable", () => {
  let rig: Rig;

  const post = (form: Record<string, string>) => adminFetch(rig.conduit.url, "/app/vendors/metrilo.data", { shop: TEST_SHOP, form });
  const send = async (topic: string, name: Parameters<typeof fixture>[0], over: Record<string, unknown> = {}) =>
    expect((await sendWebhook(rig.conduit.url, topic, { ...fixture(name), ...over })).status).toBe(200);
  const rows = (kind: string) => rig.db.delivery.findMany({ where: { vendor: "metrilo", kind } });
  const metriloPaths = () => rig.sims.servers.metrilo.requests.filter((r) => r.status === 200).map((r) => r.path);

  beforeAll(async () => {
    rig = await startRig("sqlite", {}, { admin: createShopifyAdminSimulator({ accessToken: ACCESS_TOKEN }) });
    await seedOfflineSession(rig.db, TEST_SHOP, ACCESS_TOKEN);
    // Customers and orders ticked; the catalogue left unticked.
    const saved = await post({
      intent: "save", "field.apiToken": metrilo.apiToken, "field.apiSecret": metrilo.apiSecret,
      "send.customers": "on", "send.orders": "on",
    });
    expect(saved.status).toBe(200);
  });
  afterAll(() => rig?.close());

  it("sends the customers it was told to and never the unticked catalogue", async () => {
    await send("products/create", "products-create");
    await send("customers/create", "customers-create");
    await waitFor("the customer to reach Metrilo", async () => (await rows("customer"))[0]?.status === "delivered");
    expect(await rows("product")).toEqual([]);
    expect(metriloPaths()).toEqual(["/customer"]);
  });

  it("a disabled vendor gets nothing, and what changes afterwards goes out once it is enabled", async () => {
    expect((await post({ intent: "disable" })).status).toBe(200);
    await send("customers/update", "customers-update");
    expect((await rows("customer")).length).toBe(1);

    expect((await post({ intent: "enable" })).status).toBe(200);
    const ada = fixture("customers-update");
    await send("customers/update", "customers-update", { updated_at: new Date(Date.parse(ada.updated_at) + 60_000).toISOString() });
    await waitFor("the update to reach Metrilo", async () => (await rows("customer")).filter((r) => r.status === "delivered").length === 2);
    // The second upsert (and the untag of a tag the update dropped); still no catalogue.
    expect(metriloPaths()).toEqual(["/customer", "/customer", "/customer/untag"]);
  });
});
