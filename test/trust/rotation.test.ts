// `conduit rotate-key` beside a running server: deliveries go on while every secret is re-sealed
// with the new key, and a server restarted with only the new key still reads them all.
import { execFile } from "node:child_process";
import { promisify } from "node:util";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { generateKey, keyId, parseKey } from "../../app/crypto.server";
import { startVendorSimulators, type VendorSimulators } from "../../simulators";
import { fixture } from "../fixtures/shopify";
import { childEnv, startConduit, testEnv, type Conduit } from "../support/conduit";
import { createTestDatabase, type TestDatabase } from "../support/database";
import { waitDrained } from "../support/drained";
import { seedAllVendors, seedOfflineSession } from "../support/seed";
import { sendWebhook } from "../support/webhooks";

const run = promisify(execFile);

describe("rotating the encryption key while the server runs", () => {
  let database: TestDatabase;
  let sims: VendorSimulators;
  let conduit: Conduit;
  const oldKey = generateKey();
  const newKey = generateKey();

  beforeAll(async () => {
    database = await createTestDatabase("sqlite");
    sims = await startVendorSimulators();
    const env = testEnv(database.url, sims.env);
    await seedAllVendors(database.db, { ...env, CONDUIT_ENCRYPTION_KEY: oldKey });
    await seedOfflineSession(database.db);
    // Step 1 of the README: every process gets the new key, and keeps the old one for reading.
    conduit = await startConduit({ ...env, CONDUIT_ENCRYPTION_KEY: newKey, CONDUIT_ENCRYPTION_KEYS_OLD: oldKey });
  });
  afterAll(async () => {
    await conduit?.stop();
    await sims?.close();
    await database?.drop();
  });

  const customer = (n: number) => ({ ...fixture("customers-create"), id: 7_000_000 + n, email: `rotate-${n}@example.com` });
  const send = async (from: number, count: number) => {
    for (let n = from; n < from + count; n++) expect((await sendWebhook(conduit.url, "customers/create", customer(n))).status).toBe(200);
  };

  it("delivers before, during and after rotate-key, and leaves every secret on the new key", async () => {
    await send(0, 5);
    const cli = run(process.execPath, ["bin/conduit.js", "rotate-key"], { env: childEnv(conduit.env) });
    await send(5, 5);
    const { stdout } = await cli;
    expect(stdout).toContain(`re-encrypted 4 connection(s) with key ${keyId(parseKey(newKey))} (CONDUIT_ENCRYPTION_KEY); 0 already on it.`);
    await send(10, 5);
    await waitDrained(database.db);

    expect(await database.db.delivery.groupBy({ by: ["status"], _count: { _all: true } })).toEqual([{ status: "delivered", _count: { _all: 45 } }]);
    const conns = await database.db.vendorConnection.findMany();
    expect(conns.map((c) => c.status)).toEqual(["active", "active", "active", "active"]);
    for (const c of conns) expect(c.secretSettings.startsWith(`v2:${keyId(parseKey(newKey))}:`)).toBe(true);
    expect(conduit.output()).not.toMatch(/cannot be decrypted|sealed with key/);
  });

  it("a second run has nothing to do, and a server with only the new key reads everything", async () => {
    const again = await run(process.execPath, ["bin/conduit.js", "rotate-key"], { env: childEnv(conduit.env) });
    expect(again.stdout).toContain("re-encrypted 0 connection(s)");
    await conduit.stop();
    conduit = await startConduit({ ...conduit.env, CONDUIT_ENCRYPTION_KEYS_OLD: "" });
    await send(20, 2);
    await waitDrained(database.db);
    expect(await database.db.delivery.count({ where: { status: { not: "delivered" } } })).toBe(0);
  });
});
