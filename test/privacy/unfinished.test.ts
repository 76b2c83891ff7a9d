// A customers/redact is answered once stored and erased right after; a customers/data_request's
// report and a shop/redact's deletion likewise follow their answer. A server that dies in between leaves the request
// "received" with its webhook stored; a worker's sweep must finish it.
// The crash's leftovers are written as the webhook's transaction writes them, on a real database
// with the real server and its worker.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { providers } from "../support/database";
import { startRig, type Rig } from "../support/rig";
import { waitFor } from "../support/wait";
import { TEST_SHOP } from "../support/webhooks";
import { customerHook, heldText, person, privacyPayload, tracesIn } from "./people";

describe.each(providers())("an erasure its server did not live to do, on %s", (provider) => {
  let rig: Rig;
  beforeAll(async () => {
    rig = await startRig(provider);
    await rig.connect("metrilo");
  });
  afterAll(() => rig?.close());

  it("is finished by the worker's sweep", async () => {
    const zoe = person(31, { email: "zoe.left@example.com" });
    await rig.send(customerHook(zoe));
    expect(tracesIn(await heldText(rig.db), zoe)).not.toEqual([]);
    const shop = await rig.db.shop.findUniqueOrThrow({ where: { domain: TEST_SHOP } });
    const event = await rig.db.webhookEvent.create({
      data: { shopId: shop.id, webhookId: "redact-left", topic: "customers/redact", status: "accepted", payload: JSON.stringify(privacyPayload(zoe)) },
    });
    const request = await rig.db.privacyRequest.create({
      data: { shopId: shop.id, topic: "customers/redact", customerId: String(zoe.id), eventId: event.id, receivedAt: new Date(Date.now() - 120_000) },
    });
    const done = await waitFor("the sweep to finish the erasure", async () => {
      const r = await rig.db.privacyRequest.findUniqueOrThrow({ where: { id: request.id } });
      return r.status === "completed" ? r : undefined;
    }, 40_000);
    expect(JSON.parse(done.report!)).toMatchObject({ erasedEvents: 2 });
    expect(tracesIn(await heldText(rig.db), zoe)).toEqual([]);
  });

  it("finishes a data request's report", async () => {
    const yan = person(32, { email: "yan.left@example.com" });
    await rig.send(customerHook(yan));
    const shop = await rig.db.shop.findUniqueOrThrow({ where: { domain: TEST_SHOP } });
    const event = await rig.db.webhookEvent.create({
      data: { shopId: shop.id, webhookId: "request-left", topic: "customers/data_request", status: "accepted", payload: JSON.stringify(privacyPayload(yan)) },
    });
    const request = await rig.db.privacyRequest.create({
      data: { shopId: shop.id, topic: "customers/data_request", customerId: String(yan.id), email: yan.email, eventId: event.id, receivedAt: new Date(Date.now() - 120_000) },
    });
    const done = await waitFor("the sweep to write the report", async () => {
      const r = await rig.db.privacyRequest.findUniqueOrThrow({ where: { id: request.id } });
      return r.status === "completed" ? r : undefined;
    }, 40_000);
    expect(JSON.parse(done.report!).storedEvents.map((e: { topic: string }) => e.topic)).toEqual(["customers/create"]);
    // Kept to answer the customer.
    expect(done.email).toBe(yan.email);
  });

  it("finishes a shop's deletion", async () => {
    const domain = "left-behind.myshopify.com";
    const shop = await rig.db.shop.create({ data: { domain, uninstalledAt: new Date(Date.now() - 48 * 3_600_000) } });
    await rig.db.webhookEvent.createMany({
      data: Array.from({ length: 3 }, (_, i) => ({ shopId: shop.id, webhookId: `left-${i}`, topic: "customers/create", status: "accepted", payload: "{}" })),
    });
    const event = await rig.db.webhookEvent.create({ data: { shopId: shop.id, webhookId: "shop-redact-left", topic: "shop/redact", status: "accepted", payload: "{}" } });
    await rig.db.privacyRequest.create({ data: { shopId: shop.id, topic: "shop/redact", eventId: event.id, receivedAt: new Date(Date.now() - 120_000) } });
    await waitFor("the sweep to delete the shop", async () => (await rig.db.shop.count({ where: { domain } })) === 0, 40_000);
    expect(await rig.db.webhookEvent.count({ where: { webhookId: { startsWith: "left-" } } })).toBe(0);
    // Only that shop.
    expect(await rig.db.shop.count({ where: { domain: TEST_SHOP } })).toBe(1);
  });
});
