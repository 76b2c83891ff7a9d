// Conduit started before its PostgreSQL answered (a compose file, a host coming back from a reboot):
// once the database is up, the merchant admin works without a restart. Shopify's Prisma session
// storage looked for its table twice, 5 s apart, at start-up, and then refused every admin page
// (500) for the life of the process. The database is unreachable through a proxy port that
// forwards to the real server only once the test opens it.
import { afterAll, describe, expect, it } from "vitest";
import { startConduit, testEnv, type Conduit } from "../support/conduit";
import { createTestDatabase, postgresSkipReason, providers, type TestDatabase } from "../support/database";
import { lateServer, type LateServer } from "../support/late-server";
import { seedConnection, seedOfflineSession, SIM_SETTINGS } from "../support/seed";
import { adminFetch } from "./session";

if (!providers().includes("postgresql")) console.info(postgresSkipReason);

const SHOP = "late-database.myshopify.com";
/** Longer than the storage's own start-up look (two tries, 5 s apart). */
const DOWN_MS = 11_000;

describe.skipIf(!providers().includes("postgresql"))("a server started before its PostgreSQL", () => {
  let database: TestDatabase;
  let conduit: Conduit | undefined;
  let postgres: LateServer | undefined;
  afterAll(async () => {
    await conduit?.stop();
    postgres?.close();
    await database?.drop();
  });

  it("lets the merchant in once the database answers, without a restart", async () => {
    database = await createTestDatabase("postgresql");
    postgres = await lateServer();
    const real = new URL(database.url);
    const url = new URL(database.url);
    url.host = `127.0.0.1:${postgres.port}`;
    const env = testEnv(url.toString(), { CONDUIT_WORKER: "off" });
    await seedConnection(database.db, env, "metrilo", ...SIM_SETTINGS.metrilo, SHOP);
    await seedOfflineSession(database.db, SHOP);

    conduit = await startConduit(env);
    const started = Date.now();
    const down = await adminFetch(conduit.url, "/app.data", { shop: SHOP });
    expect(down.status).toBe(503);
    await new Promise((r) => setTimeout(r, DOWN_MS - (Date.now() - started)));

    await postgres.open(real);

    const back = await adminFetch(conduit.url, "/app.data", { shop: SHOP });
    expect(back.status).toBe(200);
    expect(await back.text()).toContain("metrilo");
    // What the log said meanwhile names the database's reason, not minified code around it.
    expect(conduit.output()).toContain("Can't reach database server");
    expect(conduit.output()).not.toMatch(/→ \d+ /);
    // Nor the session storage's own console line, which no JSON log reader parses.
    expect(conduit.output()).not.toContain("Error obtaining session table");
  }, 40_000);
});
