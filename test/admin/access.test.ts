// Every admin loader and action answers only to a valid session token, and only with the data of
// the shop that token names: shop B's token cannot read, retry or configure anything of shop A's.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { startVendorSimulators, SIM_CREDENTIALS, type VendorSimulators } from "../../simulators";
import { fixture } from "../fixtures/shopify";
import { startConduit, testEnv, type Conduit } from "../support/conduit";
import { createTestDatabase, type TestDatabase } from "../support/database";
import { seedConnection, seedOfflineSession } from "../support/seed";
import { waitFor } from "../support/wait";
import { sendWebhook, TEST_SHOP } from "../support/webhooks";
import { adminFetch, sessionToken } from "./session";

const SHOP_A = TEST_SHOP;
const SHOP_B = "other-conduit-test.myshopify.com";
const B_TOKEN = "b-public-token";

describe("admin access", () => {
  let database: TestDatabase;
  let sims: VendorSimulators;
  let conduit: Conduit;
  let rowA: { id: string; entityId: string };

  const status = (id: string) => database.db.delivery.findUniqueOrThrow({ where: { id } }).then((d) => d.status);

  beforeAll(async () => {
    database = await createTestDatabase("sqlite");
    sims = await startVendorSimulators();
    conduit = await startConduit(testEnv(database.url, sims.env));
    const { metrilo } = SIM_CREDENTIALS;
    await seedConnection(database.db, conduit.env, "metrilo", { apiSecret: metrilo.apiSecret }, { apiToken: metrilo.apiToken }, SHOP_A);
    await seedConnection(database.db, conduit.env, "metrilo", { apiSecret: "b-secret-value" }, { apiToken: B_TOKEN }, SHOP_B);
    await seedOfflineSession(database.db, SHOP_A);
    await seedOfflineSession(database.db, SHOP_B, "shpat_other_token");
    // Metrilo refuses the record, so shop A has a failed delivery someone could try to retry.
    sims.servers.metrilo.fail({ status: 422, times: Infinity });
    expect((await sendWebhook(conduit.url, "customers/create", fixture("customers-create"), { shop: SHOP_A })).status).toBe(200);
    rowA = await waitFor("shop A's delivery to be refused", async () => (await database.db.delivery.findFirst({ where: { status: "rejected" } })) ?? undefined);
  });
  afterAll(async () => {
    await conduit?.stop();
    await sims?.close();
    await database?.drop();
  });

  it("shop A's own token reads its delivery (the control for the refusals below)", async () => {
    const res = await adminFetch(conduit.url, `/app/activity/${rowA.id}.data`, { shop: SHOP_A });
    expect(res.status).toBe(200);
    expect(await res.text()).toContain(rowA.entityId);
  });

  it.each([
    ["no token at all", async () => null],
    ["a token signed with another secret", () => sessionToken(SHOP_A, { secret: "not-the-app-secret" })],
    ["an expired token", () => sessionToken(SHOP_A, { expiresIn: -120 })],
    ["a token for another app", () => sessionToken(SHOP_A, { audience: "another-app-key" })],
  ])("gives no merchant data for %s", async (_name, token) => {
    for (const path of [`/app/activity/${rowA.id}.data`, "/app/activity.data", "/app/vendors/metrilo.data", `/app/activity/${rowA.id}`]) {
      const res = await adminFetch(conduit.url, path, { shop: SHOP_A, token: await token() });
      const body = await res.text();
      expect(res.status, path).not.toBe(200);
      expect(body, path).not.toContain(rowA.entityId);
      expect(body, path).not.toContain(SIM_CREDENTIALS.metrilo.apiToken);
    }
  });

  it("shop B cannot read shop A's delivery by id, nor find it in its list", async () => {
    const one = await adminFetch(conduit.url, `/app/activity/${rowA.id}.data`, { shop: SHOP_B });
    expect(one.status).toBe(404);
    expect(await one.text()).not.toContain(rowA.entityId);
    const list = await adminFetch(conduit.url, "/app/activity.data", { shop: SHOP_B });
    expect(list.status).toBe(200);
    expect(await list.text()).not.toContain(rowA.id);
  });

  it("shop B cannot retry shop A's failed delivery, one by one or all at once", async () => {
    const one = await adminFetch(conduit.url, `/app/activity/${rowA.id}.data`, { shop: SHOP_B, form: { intent: "retry", id: rowA.id } });
    expect(one.status).toBe(404);
    const all = await adminFetch(conduit.url, "/app/activity.data?index", { shop: SHOP_B, form: { intent: "retry-all" } });
    expect(all.status).toBe(200);
    expect(await status(rowA.id)).toBe("rejected");
    const attempts = await database.db.deliveryAttempt.count({ where: { deliveryId: rowA.id, error: "replayed" } });
    expect(attempts).toBe(0);
  });

  it("shop B sees its own Metrilo settings, never shop A's", async () => {
    const res = await adminFetch(conduit.url, "/app/vendors/metrilo.data", { shop: SHOP_B });
    const body = await res.text();
    expect(res.status).toBe(200);
    expect(body).toContain(B_TOKEN);
    expect(body).not.toContain(SIM_CREDENTIALS.metrilo.apiToken);
  });

  it("Retry all failed retries only what shop A's filter shows, and it is delivered", async () => {
    sims.servers.metrilo.clearFaults();
    const other = await adminFetch(conduit.url, "/app/activity.data?index&vendor=ometria", { shop: SHOP_A, form: { intent: "retry-all" } });
    expect(await other.text()).toMatch(/"revived",0/);
    expect(await status(rowA.id)).toBe("rejected");
    const mine = await adminFetch(conduit.url, "/app/activity.data?index&vendor=metrilo&status=failed", { shop: SHOP_A, form: { intent: "retry-all" } });
    expect(await mine.text()).toMatch(/"revived",1/);
    await waitFor("the retried delivery", async () => (await status(rowA.id)) === "delivered");
  });
});
