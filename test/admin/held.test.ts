// Rows held because their connection is stopped say so in Activity: a record that arrived after
// Metrilo refused the keys has no failure of its own, yet it is paused all the same.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { fixture } from "../fixtures/shopify";
import { startRig, type Rig } from "../support/rig";
import { seedOfflineSession } from "../support/seed";
import { waitFor } from "../support/wait";
import { sendWebhook, TEST_SHOP } from "../support/webhooks";
import { adminFetch } from "./session";

const HELD = "Held until Metrilo works again. Metrilo refused Conduit&#x27;s credentials (HTTP 403).";

describe("Activity while a connection needs attention", () => {
  let rig: Rig;
  let later: { id: string };

  beforeAll(async () => {
    rig = await startRig("sqlite");
    await rig.connect("metrilo", TEST_SHOP, { apiSecret: "not-the-secret" });
    await seedOfflineSession(rig.db, TEST_SHOP);
    expect((await sendWebhook(rig.conduit.url, "customers/create", fixture("customers-create"))).status).toBe(200);
    await waitFor("Metrilo to refuse the keys", async () => (await rig.db.vendorConnection.findFirst({ where: { status: "needs_attention" } })) ?? undefined);
    expect((await sendWebhook(rig.conduit.url, "orders/create", fixture("orders-create"))).status).toBe(200);
    later = await waitFor("the order to be held", async () => (await rig.db.delivery.findFirst({ where: { kind: "order", status: "paused" } })) ?? undefined);
  });
  afterAll(() => rig?.close());

  it("the order that arrived afterwards is paused with no error of its own", async () => {
    expect(await rig.db.delivery.findUniqueOrThrow({ where: { id: later.id } })).toMatchObject({ status: "paused", lastError: null, attempts: 0 });
  });

  it("the delivery page says it is held and what to fix", async () => {
    const res = await adminFetch(rig.conduit.url, `/app/activity/${later.id}`, { shop: TEST_SHOP });
    expect(res.status).toBe(200);
    expect(await res.text()).toContain(HELD);
  });

  it("the list says the same for every waiting row of Metrilo", async () => {
    const html = await (await adminFetch(rig.conduit.url, "/app/activity?vendor=metrilo", { shop: TEST_SHOP })).text();
    expect(html.split(HELD).length - 1).toBeGreaterThanOrEqual(2);
  });
});
