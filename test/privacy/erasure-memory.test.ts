// A privacy request's search narrows with LIKE patterns that over-match on purpose; a phone's last
// four digits can be in any stored payload. Here every one of 20 000 stored 10 KB webhooks holds
// them (200 MB of candidates), and the server runs with the heap `npm start` gives it (160 MB):
// a search that held every candidate at once took it out of memory, and each sweep's retry again.
// Sifted a chunk at a time (app/privacy/search.server.ts), the server answers, reports and erases
// exactly the customer's records.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { startConduit, testEnv, type Conduit } from "../support/conduit";
import { createTestDatabase, numbers, postgresSkipReason, providers, type TestDatabase } from "../support/database";
import { seedConnection } from "../support/seed";
import { waitFor } from "../support/wait";
import { sendWebhook, TEST_SHOP } from "../support/webhooks";
import { customerHook, person, privacyPayload } from "./people";

if (!providers().includes("postgresql")) console.info(postgresSkipReason);

const HISTORY = 20_000;

describe.each(providers())("privacy requests over a history that all looks like the customer, on %s", (provider) => {
  let database: TestDatabase;
  let conduit: Conduit;
  const ann = person(81, { email: "ann.memory@example.com", phone: "+16135550181" });

  beforeAll(async () => {
    database = await createTestDatabase(provider);
    conduit = await startConduit(testEnv(database.url, { CONDUIT_WORKER: "off" }));
    await seedConnection(database.db, conduit.env, "metrilo", { apiSecret: "s" }, { apiToken: "t" });
    expect((await sendWebhook(conduit.url, "customers/create", customerHook(ann).payload)).status).toBe(200);
    const shop = await database.db.shop.findUniqueOrThrow({ where: { domain: TEST_SHOP } });
    // Someone else's notes, each with Ann's last four phone digits in it.
    const payload = JSON.stringify({ note: "x0181".repeat(2_000) });
    await database.db.$executeRawUnsafe(
      `INSERT INTO "WebhookEvent" ("id", "shopId", "webhookId", "topic", "receivedAt", "status", "payload") ` +
        `SELECT 'h' || i, $1, 'w' || i, 'orders/create', $2, 'accepted', $3 FROM ${numbers(provider, HISTORY)}`,
      shop.id, provider === "sqlite" ? new Date(Date.now() - 86_400_000).toISOString() : new Date(Date.now() - 86_400_000), payload,
    );
  }, 60_000);
  afterAll(async () => {
    await conduit?.stop();
    await database?.drop();
  });

  const completed = (topic: string) =>
    waitFor(`the ${topic} to complete`, () => database.db.privacyRequest.findFirst({ where: { topic, status: "completed" } }).then((r) => r ?? undefined), 60_000);

  it("reports to a data request without running out of memory", async () => {
    expect((await sendWebhook(conduit.url, "customers/data_request", privacyPayload(ann))).status).toBe(200);
    const request = await completed("customers/data_request");
    expect(JSON.parse(request.report!).storedEvents.map((e: { topic: string }) => e.topic)).toEqual(["customers/create"]);
    expect((await fetch(`${conduit.url}/healthz`)).status).toBe(200);
  }, 90_000);

  it("erases exactly the customer's records without running out of memory", async () => {
    expect((await sendWebhook(conduit.url, "customers/redact", privacyPayload(ann))).status).toBe(200);
    const request = await completed("customers/redact");
    // Her record, the data request's payload, and the erasure's own.
    expect(JSON.parse(request.report!)).toMatchObject({ erasedEvents: 3 });
    const held = await database.db.webhookEvent.findMany({ where: { topic: { startsWith: "customers/" } }, select: { payload: true } });
    for (const e of held) expect(e.payload).not.toContain(ann.email);
    expect(await database.db.webhookEvent.count({ where: { payload: { contains: "x0181" } } })).toBe(HISTORY);
    expect((await fetch(`${conduit.url}/healthz`)).status).toBe(200);
  }, 90_000);
});
