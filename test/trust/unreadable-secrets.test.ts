// Secrets no configured key opens: the connection says "needs attention" with the reason, its
// rows wait paused, its page answers (not a 500) — and production refuses to start when the key
// opens none of them, or when the webhook secret is the published development one.
import { spawnSync } from "node:child_process";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { encrypt, generateKey, parseKey } from "../../app/crypto.server";
import { startVendorSimulators, SIM_CREDENTIALS, type VendorSimulators } from "../../simulators";
import { fixture } from "../fixtures/shopify";
import { childEnv, startConduit, testEnv, type Conduit } from "../support/conduit";
import { createTestDatabase, type TestDatabase } from "../support/database";
import { seedConnection, seedOfflineSession } from "../support/seed";
import { waitFor } from "../support/wait";
import { sendWebhook, TEST_SHOP } from "../support/webhooks";
import { adminFetch } from "../admin/session";

describe("secrets Conduit cannot read", () => {
  let database: TestDatabase;
  let sims: VendorSimulators;
  let conduit: Conduit;
  let env: Record<string, string>;

  beforeAll(async () => {
    database = await createTestDatabase("sqlite");
    sims = await startVendorSimulators();
    env = testEnv(database.url, sims.env);
    await seedOfflineSession(database.db);
    await seedConnection(database.db, env, "metrilo", { apiSecret: SIM_CREDENTIALS.metrilo.apiSecret }, { apiToken: SIM_CREDENTIALS.metrilo.apiToken });
    // Saved by a process with a key this one was never given.
    await seedConnection(database.db, { ...env, CONDUIT_ENCRYPTION_KEY: generateKey() }, "ometria", { apiKey: SIM_CREDENTIALS.ometria.apiKey }, { accountId: SIM_CREDENTIALS.ometria.accountId });
  });
  afterAll(async () => {
    await conduit?.stop();
    await sims?.close();
    await database?.drop();
  });

  const start = (extra: Record<string, string>) => {
    const r = spawnSync("node", ["server.js"], { env: childEnv({ ...env, PORT: "0", ...extra }), encoding: "utf8", timeout: 30_000 });
    return { code: r.status, out: r.stdout + r.stderr };
  };

  it("production refuses a well-formed key that opens none of the stored secrets, naming the variable", () => {
    const r = start({ CONDUIT_ENCRYPTION_KEY: generateKey() });
    expect(r.code).toBe(1);
    expect(r.out).toMatch(/conduit: cannot start: CONDUIT_ENCRYPTION_KEY \(key [0-9a-f]{12}\) opens none of the 2 stored vendor secrets/);
  });

  it("production refuses the published development webhook secret", () => {
    const r = start({ SHOPIFY_API_SECRET: "conduit-dev-api-secret" });
    expect(r.code).toBe(1);
    expect(r.out).toContain('cannot start: SHOPIFY_API_SECRET is the published development secret "conduit-dev-api-secret"');
  });

  it("starts when some secrets open: the rest need attention, with the reason, and their rows wait", async () => {
    conduit = await startConduit(env);
    const ometria = await database.db.vendorConnection.findFirstOrThrow({ where: { vendor: "ometria" } });
    expect(ometria.status).toBe("needs_attention");
    expect(ometria.statusReason).toMatch(/^Conduit cannot read this connection's saved keys \(stored secret was sealed with key [0-9a-f]{12}/);

    expect((await sendWebhook(conduit.url, "customers/create", fixture("customers-create"))).status).toBe(200);
    await waitFor("metrilo's row delivered", async () => (await database.db.delivery.count({ where: { vendor: "metrilo", status: "delivered" } })) === 1);
    await waitFor("ometria's row held", async () => (await database.db.delivery.count({ where: { vendor: "ometria", status: "paused" } })) === 1);

    const page = await adminFetch(conduit.url, "/app/vendors/ometria", { shop: TEST_SHOP });
    expect(page.status).toBe(200);
    const html = (await page.text()).replaceAll("<!-- -->", "");
    expect(html).toContain("Needs attention");
    expect(html).toContain("cannot read this connection");
  });

  it("runs again once a restart is given the key they were saved with", async () => {
    await conduit.stop();
    const conn = await database.db.vendorConnection.findFirstOrThrow({ where: { vendor: "ometria" } });
    const key = generateKey();
    await database.db.vendorConnection.update({ where: { id: conn.id }, data: { secretSettings: encrypt(JSON.stringify({ apiKey: SIM_CREDENTIALS.ometria.apiKey }), parseKey(key)) } });
    conduit = await startConduit({ ...env, CONDUIT_ENCRYPTION_KEYS_OLD: key });
    expect((await database.db.vendorConnection.findUniqueOrThrow({ where: { id: conn.id } })).status).toBe("active");
    await waitFor("ometria's row delivered", async () => (await database.db.delivery.count({ where: { vendor: "ometria", status: "delivered" } })) === 1, 30_000);
  });
});
