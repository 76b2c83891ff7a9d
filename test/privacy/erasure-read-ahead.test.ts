// customers/redact on SQLite reads the shop's stored history ahead of its transaction, in chunks
// (app/privacy/read-ahead.server.ts); the transaction itself searches only what changed since the
// read began. Here each chunk is one row, and the history is days old, so that only the read ahead
// can find it: the customer's data is erased all the same, found across chunk boundaries, and a
// record stored after the history was read is erased too; nobody else's data is touched.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { startConduit, testEnv, type Conduit } from "../support/conduit";
import { createTestDatabase, type TestDatabase } from "../support/database";
import { seedConnection } from "../support/seed";
import { waitFor } from "../support/wait";
import { sendWebhook } from "../support/webhooks";
import type { Hook } from "../support/entities";
import { checkoutHook, customerHook, heldText, person, privacyPayload, tracesIn } from "./people";

describe("customers/redact with its search read ahead, one row a chunk (SQLite)", () => {
  let database: TestDatabase;
  let conduit: Conduit;

  beforeAll(async () => {
    database = await createTestDatabase("sqlite");
    conduit = await startConduit(testEnv(database.url, { CONDUIT_WORKER: "off", CONDUIT_ERASURE_SCAN_ROWS: "1" }));
    await seedConnection(database.db, conduit.env, "metrilo", { apiSecret: "s" }, { apiToken: "t" });
  });
  afterAll(async () => {
    await conduit?.stop();
    await database?.drop();
  });

  const send = async (hook: Hook) => expect((await sendWebhook(conduit.url, hook.topic, hook.payload)).status).toBe(200);

  it("erases exactly the customer's records, old and new, wherever the chunks fall", async () => {
    const ann = person(71, { email: "ann.ahead@example.com", phone: "+16135550171" });
    const bob = person(72, { email: "bob.ahead@example.com" });
    await send(customerHook(bob));
    await send(customerHook(ann));
    await send(checkoutHook(bob, { guest: true }));
    await send(checkoutHook(ann, { guest: true, typedPhone: "(613) 555-0171" }));
    await send(customerHook(bob, 2));
    // Days old: out of reach of the transaction's own search, which looks only at what changed lately.
    const old = new Date(Date.now() - 3 * 86_400_000);
    await database.db.webhookEvent.updateMany({ data: { receivedAt: old } });
    await database.db.delivery.updateMany({ data: { updatedAt: old } });
    // A record stored now: found by the transaction's own search, whether or not the read saw it.
    await send(customerHook(ann, 2));
    expect(tracesIn(await heldText(database.db), ann).length).toBeGreaterThan(0);

    await send({ topic: "customers/redact", payload: privacyPayload(ann) });
    await waitFor("the erasure to complete", async () => (await database.db.privacyRequest.count({ where: { status: "received" } })) === 0);

    const after = await heldText(database.db);
    expect(tracesIn(after, ann)).toEqual([]);
    expect(after).not.toContain("555-0171");
    expect(tracesIn(after, bob)).toEqual([bob.email, bob.first, bob.last, bob.street]);
    const request = await database.db.privacyRequest.findFirstOrThrow({ where: { topic: "customers/redact" } });
    // Ann's record twice, her guest checkout, and the request's own payload.
    expect(JSON.parse(request.report!)).toMatchObject({ erasedEvents: 4 });
  });
});
