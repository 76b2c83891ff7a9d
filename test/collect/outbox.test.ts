// The pixel's events take the webhooks' path into the outbox: the intake's group commit. A request
// is answered 200 only once its batch committed, 503 when it could not (nothing of it stored), and
// a record the database refuses fails only its own request, never the webhooks or visitors beside it.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { fixture } from "../fixtures/shopify";
import { startConduit, testEnv, type Conduit } from "../support/conduit";
import { createTestDatabase, postgresSkipReason, providers, type TestDatabase } from "../support/database";
import { refusePoison, whileLocked } from "../support/database-faults";
import { seedConnection, SIM_SETTINGS } from "../support/seed";
import { sendWebhook } from "../support/webhooks";
import { postEvents, visitor } from "./visitor";

if (!providers().includes("postgresql")) console.info(postgresSkipReason);

const SECOND_SHOP = "second-shop.myshopify.com";
const QUIET_SHOP = "quiet-shop.myshopify.com";
const order = (note: string) => ({ ...fixture("orders-create"), note });

describe.each(providers())("collect through the group commit on %s", (provider) => {
  let database: TestDatabase;
  let conduit: Conduit;
  beforeAll(async () => {
    database = await createTestDatabase(provider);
    // A wide gathering window, so that requests sent together certainly share a batch.
    const env = { CONDUIT_WORKER: "off", CONDUIT_INTAKE_GATHER_MS: "250", SQLITE_BUSY_TIMEOUT_MS: "300", COLLECT_TRUSTED_PROXIES: "127.0.0.1" };
    conduit = await startConduit(testEnv(database.url, env));
    const [secret, open] = SIM_SETTINGS.tracify;
    await seedConnection(database.db, conduit.env, "tracify", secret, open);
    await seedConnection(database.db, conduit.env, "tracify", secret, open, SECOND_SHOP);
    await seedConnection(database.db, conduit.env, "metrilo", ...SIM_SETTINGS.metrilo);
    // Ometria without a headless URL takes no storefront events; the shop keeps history (the default).
    await seedConnection(database.db, conduit.env, "ometria", ...SIM_SETTINGS.ometria, QUIET_SHOP);
  });
  afterAll(async () => {
    await conduit?.stop("SIGKILL");
    await database?.drop();
  });

  it("stores a pixel request and the webhooks sent with it in one transaction", async () => {
    const v = visitor();
    const events = [v.event("page_viewed", "/"), v.event("page_viewed", "/about")];
    const [pixel, ...hooks] = await Promise.all([
      postEvents(conduit.url, events),
      ...["together-1", "together-2"].map((id) => sendWebhook(conduit.url, "orders/create", order(id), { webhookId: id })),
    ]);
    expect(await pixel.json()).toMatchObject({ accepted: 2, duplicates: [] });
    expect(hooks.map((h) => h.status)).toEqual([200, 200]);
    const rows = await database.db.webhookEvent.findMany({ where: { OR: [{ eventId: { in: events.map((e) => e.id) } }, { webhookId: { in: ["together-1", "together-2"] } }] } });
    expect(rows).toHaveLength(4);
    expect(new Set(rows.map((r) => r.receivedAt.getTime())).size).toBe(1);
  });

  it("keeps each shop's event of the same id, and one copy of an id replayed in a race", async () => {
    const e = visitor().event("page_viewed", "/shared-id");
    const answers = await Promise.all([
      postEvents(conduit.url, [e]),
      postEvents(conduit.url, [e]),
      postEvents(conduit.url, [e], { shop: SECOND_SHOP }),
    ]);
    const bodies = await Promise.all(answers.map((a) => a.json()));
    expect(bodies.map((b) => b.accepted).sort()).toEqual([0, 1, 1]);
    expect(bodies.flatMap((b) => b.duplicates)).toEqual([e.id]);
    const stored = await database.db.webhookEvent.findMany({ where: { eventId: e.id }, include: { shop: true } });
    expect(stored.map((r) => r.shop.domain).sort()).toEqual(["conduit-test.myshopify.com", SECOND_SHOP]);
  });

  it("keeps nothing of an event no connection takes, though the shop keeps history", async () => {
    const e = visitor().event("page_viewed", "/");
    const res = await postEvents(conduit.url, [e], { shop: QUIET_SHOP });
    expect(await res.json()).toMatchObject({ accepted: 0, ignored: 1, duplicates: [] });
    expect(await database.db.webhookEvent.count({ where: { eventId: e.id } })).toBe(0);
  });

  it("answers 503 to a request whose batch could not commit, stores none of it, and keeps the retry once", async () => {
    const v = visitor();
    const events = [v.event("page_viewed", "/locked"), v.event("page_viewed", "/locked/2")];
    const res = await whileLocked(database, () => postEvents(conduit.url, events));
    expect([res.status, res.headers.get("retry-after")]).toEqual([503, "5"]);
    expect(await database.db.webhookEvent.count({ where: { eventId: { in: events.map((e) => e.id) } } })).toBe(0);
    expect(await (await postEvents(conduit.url, events)).json()).toMatchObject({ accepted: 2 });
    expect(await (await postEvents(conduit.url, events)).json()).toMatchObject({ accepted: 0, duplicates: events.map((e) => e.id) });
    expect(await database.db.delivery.count({ where: { entityId: { in: events.map((e) => e.id) } } })).toBe(2);
  }, 30_000);

  it("answers 503 only to the request whose event the database refuses, 200 to its batch neighbours", async () => {
    await refusePoison(database);
    const poisoned = visitor().event("page_viewed", "/poison-pill");
    const neighbour = visitor().event("page_viewed", "/fine");
    const [bad, good, hook] = await Promise.all([
      postEvents(conduit.url, [poisoned]),
      postEvents(conduit.url, [neighbour], { shop: SECOND_SHOP }),
      sendWebhook(conduit.url, "orders/create", order("beside-poison"), { webhookId: "beside-poison" }),
    ]);
    expect([bad.status, good.status, hook.status]).toEqual([503, 200, 200]);
    expect(await database.db.webhookEvent.count({ where: { eventId: { in: [poisoned.id, neighbour.id] } } })).toBe(1);
  }, 30_000);
});
