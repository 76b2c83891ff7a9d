// Production refuses to start with a configuration that would lose or leak data.
import { spawnSync } from "node:child_process";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { childEnv, testEnv } from "./support/conduit";
import { createTestDatabase, type TestDatabase } from "./support/database";

describe("production start-up", () => {
  let database: TestDatabase;
  beforeAll(async () => {
    database = await createTestDatabase("sqlite");
  });
  afterAll(() => database?.drop());

  const start = (env: Record<string, string>) => {
    const r = spawnSync("node", ["server.js"], { env: childEnv({ ...env, PORT: "0" }), encoding: "utf8", timeout: 20_000 });
    return { code: r.status, out: r.stdout + r.stderr };
  };

  it("stops with a clear message when CONDUIT_ENCRYPTION_KEY is missing", () => {
    const r = start({ ...testEnv(database.url), CONDUIT_ENCRYPTION_KEY: "" });
    expect(r.code).toBe(1);
    expect(r.out).toContain("conduit: cannot start: CONDUIT_ENCRYPTION_KEY is not set");
  });

  it("stops with a clear message when the key is malformed", () => {
    const r = start({ ...testEnv(database.url), CONDUIT_ENCRYPTION_KEY: "not-a-key" });
    expect(r.code).toBe(1);
    expect(r.out).toMatch(/CONDUIT_ENCRYPTION_KEY must be 32 bytes encoded as base64/);
  });

  it("stops when the webhook secret is missing", () => {
    const r = start({ ...testEnv(database.url), SHOPIFY_API_SECRET: "" });
    expect(r.code).toBe(1);
    expect(r.out).toMatch(/cannot start/);
  });
});
