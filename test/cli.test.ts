// `npx conduit` as an operator uses it: the real bin against a real database.
import { spawnSync } from "node:child_process";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { generateKey } from "../app/crypto.server";
import { childEnv, testEnv } from "./support/conduit";
import { createTestDatabase, type TestDatabase } from "./support/database";
import { runCliAsync } from "./support/processes";

const SHOP = "cli-shop.myshopify.com";

describe("npx conduit", () => {
  let database: TestDatabase;
  let env: Record<string, string>;
  // Not spawnSync: a file of blocking runs starves vitest's own messages past their 60 s timeout.
  const conduit = (...args: string[]) => runCliAsync(env, ...args);

  beforeAll(async () => {
    database = await createTestDatabase("sqlite");
    env = testEnv(database.url);
  });
  afterAll(() => database?.drop());

  it("connects a vendor with settings validated by its schema and secrets encrypted", async () => {
    const r = await conduit("connect", "--shop", SHOP, "--vendor", "metrilo", "apiToken=tok123", "apiSecret=very-secret-value");
    expect(r).toEqual({ code: 0, out: `connected Metrilo for ${SHOP} (live); secrets stored encrypted` });
    const conn = await database.db.vendorConnection.findFirstOrThrow({ where: { vendor: "metrilo" } });
    expect(JSON.parse(conn.publicSettings)).toEqual({ apiToken: "tok123" });
    expect(conn.secretSettings).not.toContain("very-secret-value");
  });

  it("refuses bad input with one line naming the field, and a non-zero exit", async () => {
    expect(await conduit("connect", "--shop", SHOP, "--vendor", "mailchimp", "key=1")).toMatchObject({ code: 2, out: expect.stringMatching(/^conduit connect: vendor: unknown vendor "mailchimp"/) });
    expect(await conduit("connect", "--shop", SHOP, "--vendor", "tracify", "apiKey=k")).toMatchObject({ code: 2, out: expect.stringMatching(/^conduit connect: customerSiteId: /) });
    expect(await conduit("connect", "--shop", SHOP, "--vendor", "tracify", "apiKey=k", "customerSiteId=not-a-uuid")).toMatchObject({ code: 2, out: expect.stringMatching(/^conduit connect: customerSiteId: /) });
    expect(await conduit("connect", "--shop", SHOP, "--vendor", "metrilo", "apiToken")).toMatchObject({ code: 2, out: expect.stringMatching(/^conduit connect: apiToken: expected key=value/) });
    expect(await conduit("connect", "--shop", SHOP, "--vendor", "metrilo", "colour=blue")).toMatchObject({ code: 2, out: expect.stringMatching(/^conduit connect: colour: not a Metrilo setting/) });
    expect(await conduit("connect", "--shop", SHOP, "--vendor", "metrilo", "environment=staging")).toMatchObject({ code: 2, out: expect.stringMatching(/^conduit connect: environment: Metrilo has no staging environment/) });
    expect(await conduit("connect", "--vendor", "metrilo")).toMatchObject({ code: 2, out: "conduit connect: --shop is required" });
    expect(await conduit("deliveries", "--status", "dead,faield")).toMatchObject({ code: 2, out: expect.stringMatching(/^conduit deliveries: status: unknown state "faield" \(one of pending, in_flight, delivered, retrying, rejected, dead, paused, skipped\)/) });
    expect(await conduit("deliveries", "--limit", "ten")).toMatchObject({ code: 2, out: 'conduit deliveries: limit: expected a whole number from 1 up, not "ten"' });
    expect((await conduit("frobnicate")).code).toBe(2);
  });

  it("keeps a stored secret when only public settings change", async () => {
    expect((await conduit("connect", "--shop", SHOP, "--vendor", "metrilo", "apiToken=tok456")).code).toBe(0);
    const conn = await database.db.vendorConnection.findFirstOrThrow({ where: { vendor: "metrilo" } });
    expect(JSON.parse(conn.publicSettings)).toEqual({ apiToken: "tok456" });
  });

  it("clears an optional public setting given empty, and refuses to clear a required one", async () => {
    const args = ["connect", "--shop", SHOP, "--vendor", "ometria"];
    const headless = ["headlessUrl=https://dk.store-lk.ometria.services", "headlessKey=hk", "headlessSecret=hs"];
    expect((await conduit(...args, "apiKey=key-1", "accountId=acc1", ...headless)).code).toBe(0);
    expect((await conduit(...args, "headlessUrl=")).code).toBe(0);
    const conn = await database.db.vendorConnection.findFirstOrThrow({ where: { vendor: "ometria" } });
    expect(JSON.parse(conn.publicSettings)).toEqual({ accountId: "acc1" });
    expect(await conduit(...args, "accountId=")).toMatchObject({ code: 2, out: expect.stringMatching(/^conduit connect: accountId: /) });
    expect((await conduit("disconnect", "--shop", SHOP, "--vendor", "ometria")).code).toBe(0);
  });

  it("shows status and deliveries, and replays dead rows without doubling delivered ones", async () => {
    const conn = await database.db.vendorConnection.findFirstOrThrow({ where: { vendor: "metrilo" } });
    const base = { shopId: conn.shopId, connectionId: conn.id, vendor: "metrilo", topic: "orders/create", kind: "order" };
    await database.db.delivery.create({ data: { ...base, entityId: "1", status: "dead", lastError: "Metrilo answered 500" } });
    await database.db.delivery.create({ data: { ...base, entityId: "2", status: "delivered" } });
    expect((await conduit("status", "--shop", SHOP)).out).toMatch(/metrilo\s+active\s+.*dead 1.*delivered 1|metrilo\s+active\s+.*delivered 1.*dead 1/);
    expect((await conduit("deliveries", "--status", "dead")).out).toMatch(/orders\/create\s+order:1\s+dead\s+Metrilo answered 500/);
    expect(await conduit("replay", "--vendor", "metrilo")).toEqual({ code: 0, out: "replaying 1 failed delivery" });
    const rows = await database.db.delivery.findMany({ where: { connectionId: conn.id }, orderBy: { entityId: "asc" } });
    expect(rows.map((r) => [r.entityId, r.status])).toEqual([["1", "pending"], ["2", "delivered"]]);
    expect((await conduit("replay")).code).toBe(2);
  });

  it("rotates the encryption key: re-seals with CONDUIT_ENCRYPTION_KEY what an old key sealed", async () => {
    const newKey = generateKey();
    env = { ...env, CONDUIT_ENCRYPTION_KEY: newKey, CONDUIT_ENCRYPTION_KEYS_OLD: env.CONDUIT_ENCRYPTION_KEY };
    const r = await conduit("rotate-key");
    expect(r.code).toBe(0);
    expect(r.out).toContain("re-encrypted 1 connection(s) with key");
    env = { ...env, CONDUIT_ENCRYPTION_KEYS_OLD: "" };
    // With the new key alone the stored secret still decrypts: a settings change keeps it.
    expect((await conduit("connect", "--shop", SHOP, "--vendor", "metrilo", "apiToken=tok789")).code).toBe(0);
    expect((await conduit("rotate-key", "--new-key", "x")).out).toMatch(/^conduit rotate-key: --new-key is gone: set the new key as CONDUIT_ENCRYPTION_KEY/);
  });

  it("takes only *.myshopify.com shops, naming the field", async () => {
    for (const shop of ["not a shop' OR 1=1", "evil.example.com", "MY-SHOP.myshopify.com.evil.io"]) {
      expect(await conduit("connect", "--shop", shop, "--vendor", "metrilo", "apiToken=t", "apiSecret=s")).toEqual({ code: 2, out: `conduit connect: shop: must be a *.myshopify.com domain such as my-shop.myshopify.com, not "${shop}"` });
    }
    expect((await conduit("status", "--shop", "x")).code).toBe(2);
  });

  it("reads secrets from the environment and from standard input, not only argv", async () => {
    const stdin = spawnSync("node", ["bin/conduit.js", "connect", "--shop", "stdin-shop.myshopify.com", "--vendor", "metrilo", "apiToken=t1", "--stdin"], {
      env: childEnv(env), encoding: "utf8", input: "apiSecret=from-stdin-secret\n",
    });
    expect(stdin.status).toBe(0);
    const fromEnv = spawnSync("node", ["bin/conduit.js", "connect", "--shop", "env-shop.myshopify.com", "--vendor", "metrilo", "apiToken=t2", "--env", "apiSecret=METRILO_SECRET"], {
      env: childEnv({ ...env, METRILO_SECRET: "from-env-secret" }), encoding: "utf8",
    });
    expect(fromEnv.status).toBe(0);
    const { decrypt, parseKey } = await import("../app/crypto.server");
    for (const [shop, secret] of [["stdin-shop.myshopify.com", "from-stdin-secret"], ["env-shop.myshopify.com", "from-env-secret"]]) {
      const conn = await database.db.vendorConnection.findFirstOrThrow({ where: { shop: { domain: shop } } });
      expect(JSON.parse(decrypt(conn.secretSettings, parseKey(env.CONDUIT_ENCRYPTION_KEY)))).toEqual({ apiSecret: secret });
    }
    expect(await conduit("connect", "--shop", SHOP, "--vendor", "metrilo", "--env", "apiSecret=NOPE_UNSET")).toEqual({ code: 2, out: "conduit connect: apiSecret: environment variable NOPE_UNSET is not set" });
  });

  it("disconnects", async () => {
    expect((await conduit("disconnect", "--shop", SHOP, "--vendor", "metrilo")).code).toBe(0);
    expect((await conduit("status", "--shop", SHOP)).out).toBe(`${SHOP} has no vendor connections`);
  });
});
