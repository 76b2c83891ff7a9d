// shop/redact (48 h after an uninstall) through the real server: every row Conduit holds for that
// shop is gone — connections, events, outbox rows, attempt logs, vendor memory, privacy requests,
// sessions — other shops keep theirs, and on SQLite no copy stays readable in the files.
import { existsSync, readFileSync } from "node:fs";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { startConduit, testEnv, type Conduit } from "../support/conduit";
import { createTestDatabase, postgresSkipReason, providers, type TestDatabase } from "../support/database";
import { seedConnection, seedOfflineSession } from "../support/seed";
import { waitFor } from "../support/wait";
import { sendWebhook } from "../support/webhooks";
import { checkoutHook, customerHook, person, privacyPayload } from "./people";

if (!providers().includes("postgresql")) console.info(postgresSkipReason);

const GONE = "leaving.myshopify.com";
const STAYS = "staying.myshopify.com";

describe.each(providers())("shop/redact on %s", (provider) => {
  let database: TestDatabase;
  let conduit: Conduit;
  let db: TestDatabase["db"];

  beforeAll(async () => {
    database = await createTestDatabase(provider);
    db = database.db;
    conduit = await startConduit(testEnv(database.url, { CONDUIT_WORKER: "off" }));
  });
  afterAll(async () => {
    await conduit?.stop();
    await database?.drop();
  });

  const send = async (shop: string, topic: string, payload: unknown) =>
    expect((await sendWebhook(conduit.url, topic, payload, { shop })).status).toBe(200);

  /** Rows of every table that belong to the shop. */
  async function rowsOf(domain: string) {
    const shop = { domain };
    return {
      shops: await db.shop.count({ where: shop }),
      connections: await db.vendorConnection.count({ where: { shop } }),
      events: await db.webhookEvent.count({ where: { shop } }),
      deliveries: await db.delivery.count({ where: { shop } }),
      attempts: await db.deliveryAttempt.count({ where: { delivery: { shop } } }),
      states: await db.syncState.count({ where: { connection: { shop } } }),
      requests: await db.privacyRequest.count({ where: { shop } }),
      sessions: await db.session.count({ where: { shop: domain } }),
    };
  }

  it("erases everything of the uninstalled shop and nothing of another", async () => {
    const leaving = person(41, { email: "leaving.customer@example.com" });
    const staying = person(42, { email: "staying.customer@example.com" });
    for (const [domain, p] of [[GONE, leaving], [STAYS, staying]] as const) {
      const conn = await seedConnection(db, conduit.env, "metrilo", { apiSecret: "s" }, { apiToken: "t" }, domain);
      await seedOfflineSession(db, domain);
      await send(domain, "customers/create", customerHook(p).payload);
      await send(domain, "checkouts/create", checkoutHook(p).payload);
      await send(domain, "customers/data_request", { ...privacyPayload(p), shop_domain: domain, shop_id: p.id });
      // What a delivery leaves behind: the attempt log and the vendor memory keyed by email.
      const row = await db.delivery.findFirstOrThrow({ where: { connectionId: conn.id } });
      await db.deliveryAttempt.create({ data: { deliveryId: row.id, fromStatus: "in_flight", toStatus: "delivered", response: `{"email":"${p.email}"}` } });
      await db.syncState.create({ data: { connectionId: conn.id, scope: "metrilo.customer", key: p.email! } });
    }
    const full = { shops: 1, connections: 1, events: 3, deliveries: 1, attempts: 1, states: 1, requests: 1, sessions: 1 };
    expect(await rowsOf(GONE)).toEqual(full);

    await send(GONE, "app/uninstalled", { id: leaving.id, domain: GONE });
    await send(GONE, "shop/redact", { shop_id: leaving.id, shop_domain: GONE });
    // Answered once stored; deleted right after (app/privacy/shop-redact.server.ts).
    const none = { shops: 0, connections: 0, events: 0, deliveries: 0, attempts: 0, states: 0, requests: 0, sessions: 0 };
    await waitFor("the shop's deletion", async () => JSON.stringify(await rowsOf(GONE)) === JSON.stringify(none));
    expect(await rowsOf(STAYS)).toEqual(full);

    if (provider === "sqlite") {
      const file = new URL(database.url).pathname;
      const bytes = () => [file, `${file}-wal`].filter(existsSync).map((f) => readFileSync(f).toString("latin1")).join("");
      await waitFor("no copy of the shop's data in the files", () => !bytes().includes(leaving.email!));
      expect(bytes().includes(staying.email!)).toBe(true);
    }
  });
});
