// The whole product path: signed webhooks into the running app, through the outbox and the
// worker, out to the four vendor simulators — and what each vendor received.
import { createHmac } from "node:crypto";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { startVendorSimulators, SIM_CREDENTIALS, type VendorSimulators } from "../simulators";
import { fixture, type FixtureName } from "./fixtures/shopify";
import { startConduit, testEnv, type Conduit } from "./support/conduit";
import { createTestDatabase, providers, type TestDatabase } from "./support/database";
import { waitDrained } from "./support/drained";
import { seedAllVendors, seedConnection } from "./support/seed";
import { sendWebhook } from "./support/webhooks";

const { metrilo, ometria } = SIM_CREDENTIALS;

describe("webhooks reach every vendor", () => {
  let database: TestDatabase;
  let sims: VendorSimulators;
  let conduit: Conduit;

  const send = (topic: string, name: FixtureName) => sendWebhook(conduit.url, topic, fixture(name));

  beforeAll(async () => {
    database = await createTestDatabase("sqlite");
    sims = await startVendorSimulators();
    conduit = await startConduit(testEnv(database.url, sims.env));
    const db = database.db;
    await seedAllVendors(db, conduit.env);

    // An order before its customer and product, as Shopify may deliver them.
    for (const [topic, name] of [
      ["orders/create", "orders-create"],
      ["customers/create", "customers-create"],
      ["collections/create", "collections-create"],
      ["products/create", "products-create"],
      ["orders/create", "orders-create-guest"],
      ["orders/updated", "orders-updated"],
      ["orders/cancelled", "orders-cancelled"],
      ["refunds/create", "refunds-create"],
      ["customers/update", "customers-update"],
    ] as const) {
      expect((await send(topic, name)).status).toBe(200);
    }
    await waitDrained(db);
  });
  afterAll(async () => {
    await conduit?.stop();
    await sims?.close();
    await database?.drop();
  });

  it("settles every outbox row as delivered or skipped with a reason", async () => {
    const rows = await database.db.delivery.findMany();
    expect(rows.length).toBeGreaterThan(0);
    const bad = rows.filter((r) => r.status !== "delivered" && r.status !== "skipped");
    expect(bad).toEqual([]);
    for (const r of rows.filter((r) => r.status === "skipped")) expect(r.lastError).toBeTruthy();
  });

  it("Metrilo: signed calls, customers and products before orders, nothing dropped", async () => {
    const sim = sims.defs.metrilo;
    for (const req of sims.servers.metrilo.requests) {
      expect(req.headers["x-digest"]).toBe(createHmac("sha256", metrilo.apiSecret).update(req.body).digest("hex"));
    }
    expect(sim.dropped).toEqual([]);
    const ada = fixture("customers-create");
    expect(sim.customers.get(ada.email.toLowerCase())).toMatchObject({ firstName: fixture("customers-update").first_name });
    expect([...sim.orders.keys()].sort()).toEqual([String(fixture("orders-create").id), String(fixture("orders-create-guest").id)].sort());
    expect(sim.orders.get(String(fixture("orders-create-guest").id))?.status).toBe("cancelled");
    expect(sim.categories.has(String(fixture("collections-create").id))).toBe(true);
  });

  it("Ometria: contacts, products with variants, orders with the cancellation and refund", async () => {
    const sim = sims.defs.ometria;
    const guest = sim.orders.get(String(fixture("orders-create-guest").id));
    expect(guest).toMatchObject({ is_valid: false, status: "cancelled" });
    const lines = sim.orders.get(String(fixture("orders-create").id))?.lineitems as { quantity_refunded: number }[];
    expect(lines.some((l) => l.quantity_refunded > 0)).toBe(true);
    expect(sim.contacts.size).toBeGreaterThan(0);
    expect([...sim.products.values()].some((p) => (p as { is_variant?: boolean }).is_variant)).toBe(true);
  });

  it("Tracktor: the customer by id, one signed purchase per order, the cancellation", async () => {
    const sim = sims.defs.tracktor;
    expect(sim.people.has(String(fixture("customers-create").id))).toBe(true);
    const actions = sim.events.map((e) => `${e.action}:${(e.data as { order_id?: string }).order_id}`);
    expect(actions.filter((a) => a.startsWith("purchase:")).sort()).toEqual(
      [`purchase:${fixture("orders-create").id}`, `purchase:${fixture("orders-create-guest").id}`].sort(),
    );
    expect(actions).toContain(`order_cancelled:${fixture("orders-create-guest").id}`);
    for (const req of sims.servers.tracktor.requests) expect(req.query.sign).toMatch(/^[0-9A-F]{64}$/);
  });

  it("Tracify: one hashed purchase per order, no raw personal data on the wire", async () => {
    const sim = sims.defs.tracify;
    expect(sim.purchases.size).toBe(2);
    expect(sim.duplicates).toEqual([]);
    const wire = sims.servers.tracify.requests.map((r) => r.body).join("\n");
    const order = fixture("orders-create");
    for (const raw of [order.email, order.browser_ip, order.client_details.user_agent]) expect(wire).not.toContain(raw);
  });
});

describe.each(providers())("a vendor refusing some records of a call, on %s", (provider) => {
  it("Ometria: a 2xx with rejected > 0 marks exactly those records rejected, with Ometria's reason", async () => {
    const database = await createTestDatabase(provider);
    const sims = await startVendorSimulators();
    const conduit = await startConduit(testEnv(database.url, sims.env));
    try {
      await seedConnection(database.db, conduit.env, "ometria", { apiKey: ometria.apiKey }, { accountId: ometria.accountId });
      const guestId = String(fixture("orders-create-guest").id);
      sims.defs.ometria.refuseRecords((r) => (r["@type"] === "order" && r.id === guestId ? "customer.email: domain is on the account's block list" : null));
      // Sent together, they usually share one push; either way only the refused record may fail.
      await Promise.all([sendWebhook(conduit.url, "orders/create", fixture("orders-create")), sendWebhook(conduit.url, "orders/create", fixture("orders-create-guest"))]);
      await waitDrained(database.db);
      const rows = await database.db.delivery.findMany({ where: { kind: "order" } });
      const byId = Object.fromEntries(rows.map((r) => [r.entityId, r]));
      expect(byId[guestId]).toMatchObject({ status: "rejected", lastError: expect.stringContaining("domain is on the account's block list") });
      expect(byId[String(fixture("orders-create").id)].status).toBe("delivered");
      // Each row keeps the record that was sent for it, refused or not (the Activity page shows it).
      for (const row of rows) expect(JSON.parse(row.sentBody ?? "[]")).toContainEqual(expect.objectContaining({ "@type": "order", id: row.entityId }));
      expect(sims.defs.ometria.orders.has(guestId)).toBe(false);
      expect(sims.defs.ometria.orders.has(String(fixture("orders-create").id))).toBe(true);
    } finally {
      await conduit.stop();
      await sims.close();
      await database.drop();
    }
  });
});
