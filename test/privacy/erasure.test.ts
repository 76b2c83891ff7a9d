// customers/redact and customers/data_request through the real server on a real database: exactly
// the customer's data is erased or reported — matched by id, email (in any letter case, never as a
// LIKE pattern) and phone wherever a payload carries them — and no copy stays readable in the
// database files. Runs on SQLite, and on PostgreSQL too when DATABASE_URL names one.
import { readFileSync, existsSync } from "node:fs";
import pg from "pg";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { adminFetch } from "../admin/session";
import { startConduit, testEnv, type Conduit } from "../support/conduit";
import { createTestDatabase, postgresSkipReason, providers, type TestDatabase } from "../support/database";
import { seedConnection, seedOfflineSession } from "../support/seed";
import { waitFor } from "../support/wait";
import { sendWebhook, TEST_SHOP } from "../support/webhooks";
import type { Hook } from "../support/entities";
import { checkoutHook, customerHook, heldText, person, privacyPayload, tracesIn, type Person } from "./people";

if (!providers().includes("postgresql")) console.info(postgresSkipReason);

describe.each(providers())("customer privacy requests on %s", (provider) => {
  let database: TestDatabase;
  let conduit: Conduit;
  let db: TestDatabase["db"];

  beforeAll(async () => {
    database = await createTestDatabase(provider);
    db = database.db;
    // No worker: rows stay pending, so every outbox row of a customer is there to erase.
    conduit = await startConduit(testEnv(database.url, { CONDUIT_WORKER: "off" }));
    await seedConnection(db, conduit.env, "metrilo", { apiSecret: "s" }, { apiToken: "t" });
    await seedConnection(db, conduit.env, "ometria", { apiKey: "k" }, { accountId: "a" });
    await seedOfflineSession(db);
  });
  afterAll(async () => {
    await conduit?.stop();
    await database?.drop();
  });

  const send = async (hook: Hook) => expect((await sendWebhook(conduit.url, hook.topic, hook.payload)).status).toBe(200);
  // Answered at once; the erasure follows the answer, and the Privacy page shows it completed.
  const redact = async (p: Person, orders: number[] = []) => {
    await send({ topic: "customers/redact", payload: privacyPayload(p, orders) });
    await waitFor("the erasure to complete", async () => (await db.privacyRequest.count({ where: { status: "received" } })) === 0);
  };
  const eventsOf = (p: Person) => db.webhookEvent.findMany({ where: { entityId: String(p.id) }, include: { deliveries: true } });

  it("erases a customer with a phone and no email: their record, checkouts, a guest checkout with the number typed differently, and the request itself", async () => {
    const grace = person(1, { email: null, phone: "+16135550123" });
    await send(customerHook(grace));
    await send(checkoutHook(grace));
    await send(checkoutHook(grace, { guest: true, typedPhone: "(613) 555-0123" }));
    const before = await heldText(db);
    expect(tracesIn(before, grace)).toEqual([grace.first, grace.last, grace.street, "5550123"]);
    expect(before).toContain("(613) 555-0123");

    await redact(grace);
    const after = await heldText(db);
    expect(tracesIn(after, grace)).toEqual([]);
    expect(after).not.toContain("555-0123");
    const [rows] = (await eventsOf(grace)).map((e) => e.deliveries);
    expect(rows.map((r) => r.status)).toEqual(["skipped", "skipped"]);
  });

  it("matches the email in any letter case, on every database", async () => {
    const ada = person(2, { email: "Ada.Two@Example.com" });
    await send(customerHook(ada));
    await send(checkoutHook({ ...ada, email: "ADA.TWO@EXAMPLE.COM" }, { guest: true }));
    await redact({ ...ada, email: "ada.two@example.com" });
    expect(tracesIn(await heldText(db), ada)).toEqual([]);
    // Beyond ASCII too, which SQLite's own case folding does not cover.
    const unal = person(10, { email: "Ünal.Ten@Exämple.com" });
    await send(checkoutHook(unal, { guest: true }));
    await redact({ ...unal, id: 9_999_999_999_999, email: "ünal.ten@exämple.com" });
    expect(tracesIn(await heldText(db), unal)).toEqual([]);
  });

  it("erases john_doe@ but not johnXdoe@: the email is a value, not a LIKE pattern", async () => {
    const john = person(3, { email: "john_doe@example.com" });
    const other = person(4, { email: "johnXdoe@example.com" });
    for (const p of [john, other]) await send(customerHook(p));
    await send(checkoutHook(other, { guest: true }));
    await redact(john);
    const after = await heldText(db);
    expect(tracesIn(after, john)).toEqual([]);
    expect(tracesIn(after, other)).toEqual([other.email, other.first, other.last, other.street]);
    const [kept] = await eventsOf(other);
    expect(kept.deliveries.map((d) => d.status)).toEqual(["pending", "pending"]);
  });

  it("reports to a data request for mary_jane@ exactly her data, not maryXjane@'s", async () => {
    const mary = person(5, { email: "mary_jane@example.com" });
    const other = person(6, { email: "maryXjane@example.com" });
    for (const p of [mary, other]) await send(customerHook(p));
    await send(checkoutHook(other, { guest: true }));
    await send({ topic: "customers/data_request", payload: privacyPayload(mary) });
    const request = await waitFor("the data request's report", () =>
      db.privacyRequest.findFirst({ where: { topic: "customers/data_request", customerId: String(mary.id), status: "completed" } }).then((r) => r ?? undefined));
    const report = JSON.parse(request.report!);
    expect(report.storedEvents.map((e: { topic: string; entityId: string }) => [e.topic, e.entityId])).toEqual([["customers/create", String(mary.id)]]);
    expect(report.deliveriesByVendor).toEqual({ metrilo: { pending: 1 }, ometria: { pending: 1 } });
  });

  it("keeps a data request's email to answer the customer, and neither keeps nor shows it once the customer is erased", async () => {
    const lin = person(7, { email: "lin.seven@example.com" });
    await send(customerHook(lin));
    await send({ topic: "customers/data_request", payload: privacyPayload(lin) });
    const page = async () => (await adminFetch(conduit.url, "/app/privacy.data", { shop: TEST_SHOP })).text();
    expect(await page()).toContain(lin.email);
    // The page states how long data is kept (the default window here).
    expect(await page()).toContain("are deleted 30 days after they were last touched");

    await redact(lin);
    expect(await page()).not.toContain(lin.email);
    const requests = await db.privacyRequest.findMany({ where: { customerId: String(lin.id) }, orderBy: { receivedAt: "asc" } });
    expect(requests.map((r) => [r.topic, r.email, r.status])).toEqual([["customers/data_request", null, "completed"], ["customers/redact", null, "completed"]]);
    // What proves the erasure was done: counts, dates, and the email's digest, not the email.
    const report = JSON.parse(requests[1].report!);
    expect(report).toMatchObject({ erasedEvents: 3, erasedDeliveries: 2 });
    expect(report.emailSha256).toMatch(/^[0-9a-f]{64}$/);
    expect(requests[1].completedAt).not.toBeNull();
  });

  it.runIf(provider === "sqlite")("leaves no copy of an erased email in the SQLite file or its WAL", async () => {
    const kim = person(8, { email: "kim.eight@example.com" });
    for (let v = 1; v <= 4; v++) await send(customerHook(kim, v));
    await send(checkoutHook(kim));
    const file = new URL(database.url).pathname;
    const copies = () => {
      const bytes = [file, `${file}-wal`].filter(existsSync).map((f) => readFileSync(f).toString("latin1")).join("");
      return bytes.split(kim.email!).length - 1;
    };
    expect(copies()).toBeGreaterThan(5);
    await redact(kim);
    // The file is compacted right after the erasure commits.
    await waitFor("no copy left in the file", () => copies() === 0);
  });

  it.runIf(provider === "postgresql")("vacuums the tables an erasure touched on PostgreSQL", async () => {
    const client = new pg.Client({ connectionString: database.url });
    await client.connect();
    try {
      await redact(person(9));
      await waitFor("a VACUUM of WebhookEvent", async () => {
        const { rows } = await client.query(`SELECT last_vacuum FROM pg_stat_user_tables WHERE relname = 'WebhookEvent'`);
        return rows[0]?.last_vacuum != null;
      });
    } finally {
      await client.end();
    }
  });
});
