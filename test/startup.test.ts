// Production refuses to start with a configuration that would lose or leak data.
import { spawn, spawnSync } from "node:child_process";
import { once } from "node:events";
import { createServer } from "node:http";
import type { AddressInfo } from "node:net";
import { networkInterfaces } from "node:os";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { childEnv, startProcess, testEnv } from "./support/conduit";
import { createTestDatabase, type TestDatabase } from "./support/database";

describe("production start-up", () => {
  let database: TestDatabase;
  beforeAll(async () => {
    database = await createTestDatabase("sqlite");
  });
  afterAll(() => database?.drop());

  const start = (env: Record<string, string>) => {
    const r = spawnSync("node", ["server.js"], { env: childEnv({ PORT: "0", ...env }), encoding: "utf8", timeout: 20_000 });
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

  // The Shopify library's own refusal named its fields ("Missing values for: hostName") and gave
  // advice about API versions; these name the settings.
  it.each([
    ["SHOPIFY_API_SECRET", "", "SHOPIFY_API_SECRET is not set (the app's client secret: it verifies every webhook)"],
    ["SHOPIFY_API_KEY", "", "SHOPIFY_API_KEY is not set (the app's client id, from the Partner dashboard or `shopify app env show`)"],
    ["SHOPIFY_APP_URL", "localhost:3000", 'SHOPIFY_APP_URL must be an http(s) URL such as https://conduit.example.com (the app\'s public address), not "localhost:3000"'],
  ])("stops naming %s when it is %j", (name, value, message) => {
    const r = start({ ...testEnv(database.url), [name]: value });
    expect(r.code).toBe(1);
    expect(r.out).toContain(`conduit: cannot start: ${message}`);
    expect(r.out).not.toMatch(/apiVersion|hostName/);
  });

  // Number("") was 0, "any free port": the server came up where no proxy or health check looked.
  it.each([
    ["", 'PORT must be a port number from 0 to 65535, not ""'],
    ["web", 'PORT must be a port number from 0 to 65535, not "web"'],
    ["70000", 'PORT must be a port number from 0 to 65535, not "70000"'],
  ])("stops naming PORT when it is %j", (port, message) => {
    const r = start({ ...testEnv(database.url), PORT: port });
    expect(r.code).toBe(1);
    expect(r.out).toContain(`conduit: ${message}`);
    expect(r.out).not.toContain("conduit listening");
  });

  // Unchecked, every call to that vendor failed ("unknown scheme"), retried for a day, then died.
  it("stops naming a vendor address that is not an http(s) URL", () => {
    const r = start({ ...testEnv(database.url), METRILO_API_URL: "localhost:8080" });
    expect(r.code).toBe(1);
    expect(r.out).toContain('conduit: cannot start: METRILO_API_URL must be an http(s) URL such as https://api.example.com, not "localhost:8080"');
    expect(r.out).not.toContain("conduit listening");
  });

  it("stops naming CONDUIT_WORKER when it is neither on nor off", () => {
    const r = start({ ...testEnv(database.url), CONDUIT_WORKER: "false" });
    expect(r.code).toBe(1);
    expect(r.out).toContain('conduit: cannot start: CONDUIT_WORKER must be "off" (this process only stores webhooks) or "on" (it also delivers; the default), not "false"');
    expect(r.out).not.toContain("conduit listening");
  });

  it("stops naming PORT when another process has it, instead of crashing on an unhandled error", async () => {
    const taken = createServer().listen(0, "127.0.0.1");
    await once(taken, "listening");
    const { port } = taken.address() as AddressInfo;
    try {
      // spawnSync would block this process's event loop, and with it the server holding the port.
      const child = spawn("node", ["server.js"], { env: childEnv({ ...testEnv(database.url), PORT: String(port), HOST: "127.0.0.1" }), stdio: ["ignore", "pipe", "pipe"] });
      let out = "";
      child.stdout.on("data", (d) => (out += d));
      child.stderr.on("data", (d) => (out += d));
      const [code] = await once(child, "exit");
      expect(code).toBe(1);
      expect(out).toContain(`conduit: PORT ${port} is already in use on 127.0.0.1`);
      expect(out).not.toMatch(/Unhandled 'error' event|at Server\.setupListenHandle/);
    } finally {
      taken.close();
    }
  });

  // The line an operator copies the address from: "http://:3000" for a blank HOST, "http://::1:3000" for IPv6.
  const ipv6 = Object.values(networkInterfaces()).some((addresses) => addresses?.some((a) => a.address === "::1"));
  it.each([
    ["", "0.0.0.0", "127.0.0.1"],
    ...(ipv6 ? [["::1", "[::1]", "[::1]"]] : []),
  ])("says an address that answers when HOST is %j", async (setting, shown, reach) => {
    const { child, output } = await startProcess("server.js", { ...testEnv(database.url, { CONDUIT_WORKER: "off" }), PORT: "0", HOST: setting }, (out) => out.includes("conduit listening"));
    try {
      const port = /conduit listening on http:\/\/(.+):(\d+)/.exec(output())!;
      expect(port[1]).toBe(shown);
      expect((await fetch(`http://${reach}:${port[2]}/healthz`)).status).toBe(200);
    } finally {
      child.kill("SIGKILL");
    }
  });
});
