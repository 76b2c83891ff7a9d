import { createHmac } from "node:crypto";
import { describe, expect, it } from "vitest";
import { startSimulator } from "../base";
import { createTracktorSimulator } from "./index";
import { serveForTests } from "../testing";

const TOKEN = "tio-app-token";
const SECRET = "2D8CarQ4rX3WvH6TK7DpJDk5";
const def = createTracktorSimulator({ token: TOKEN, signatureSecret: SECRET, requireSigned: true });

const sim = serveForTests(def);

const now = () => String(Math.floor(Date.now() / 1000));
const sign = (id: string) => createHmac("sha256", SECRET).update(id).digest("hex").toUpperCase();
const good = (id = "5115") => ({ sid: TOKEN, ts: now(), id, sign: sign(id) });

async function call(path: string, params: Record<string, string>, init?: RequestInit) {
  const res = await fetch(`${sim.url}${path}?${new URLSearchParams(params)}`, init);
  return { status: res.status, body: await res.json(), retryAfter: res.headers.get("retry-after") };
}

describe("Tracktor.io simulator", () => {
  it("keeps people as merged properties, where null deletes one", async () => {
    expect(await call("/set", { ...good(), data: JSON.stringify({ email: "a@x.io", plan: "free" }) })).toMatchObject({ status: 200, body: { status: "ok" } });
    await call("/set", { ...good(), data: JSON.stringify({ plan: null, age: 25 }) });
    expect(def.people.get("5115")).toEqual({ email: "a@x.io", age: 25 });
  });

  it("records events with their action and data", async () => {
    await call("/track", { ...good(), action: "rated item", data: JSON.stringify({ rating: 5 }) });
    expect(def.events).toEqual([{ id: "5115", action: "rated item", data: { rating: 5 }, ts: expect.any(Number) }]);
  });

  it("answers 405 to anything but GET", async () => {
    expect(await call("/set", { ...good(), data: "{}" }, { method: "POST" })).toMatchObject({ status: 405 });
  });

  it("rejects the seed's JS object literal and non-object data with 400 naming data", async () => {
    const literal = await call("/set", { ...good(), data: "{billing_plan:'Gold'}" });
    expect(literal).toEqual({ status: 400, body: { status: "error", error: "invalid parameter data: not valid JSON" }, retryAfter: null });
    expect((await call("/set", { ...good(), data: "[1]" })).body.error).toMatch(/^invalid parameter data/);
    expect((await call("/set", good())).body.error).toBe("missing parameter: data");
    expect(def.people.size).toBe(0);
  });

  it("requires an integer ts close to now, an id, and an action for /track", async () => {
    const { ts, ...noTs } = good();
    expect((await call("/set", { ...noTs, data: "{}" })).body.error).toBe("missing parameter: ts");
    expect((await call("/set", { ...good(), ts: "1429186474.5", data: "{}" })).status).toBe(400);
    expect((await call("/set", { ...good(), ts: "1429186474", data: "{}" })).body.error).toMatch(/^invalid parameter ts/);
    expect((await call("/set", { sid: TOKEN, ts, data: "{}" })).body.error).toBe("missing parameter: id");
    expect((await call("/track", { ...good(), data: "{}" })).body.error).toBe("missing parameter: action");
  });

  it("answers 401 to an unknown sid and 400 to a missing one", async () => {
    expect((await call("/set", { ...good(), sid: "other", data: "{}" })).status).toBe(401);
    const { sid: _sid, ...noSid } = good();
    expect((await call("/set", { ...noSid, data: "{}" })).body.error).toBe("missing parameter: sid");
  });

  it("answers 403 to a wrong, lowercase or (when only signed data is allowed) missing sign", async () => {
    expect((await call("/set", { ...good(), sign: sign("5116"), data: "{}" })).status).toBe(403);
    expect((await call("/set", { ...good(), sign: sign("5115").toLowerCase(), data: "{}" })).status).toBe(403);
    const { sign: _, ...unsigned } = good();
    expect(await call("/set", { ...unsigned, data: "{}" })).toMatchObject({ status: 403, body: { error: expect.stringContaining("only signed data") } });
    expect(def.people.size).toBe(0);
  });

  it("accepts unsigned data when the app does not require signatures, but still checks a sign sent", async () => {
    const open = await startSimulator(createTracktorSimulator({ token: TOKEN, signatureSecret: SECRET }), 0);
    try {
      const get = (q: Record<string, string>) => fetch(`${open.url}/set?${new URLSearchParams(q)}`).then((r) => r.status);
      expect(await get({ sid: TOKEN, ts: now(), id: "1", data: "{}" })).toBe(200);
      expect(await get({ sid: TOKEN, ts: now(), id: "1", sign: "BAD", data: "{}" })).toBe(403);
    } finally {
      await open.close();
    }
  });

  it("has no rate limit unless a drill sets one (Tracktor.io documents none)", async () => {
    for (let i = 0; i < 50; i++) expect((await call("/set", { ...good(), data: "{}" })).status).toBe(200);
  });

  it("answers 429 with Retry-After past a drill's calls a second per sid", async () => {
    const limited = await startSimulator(createTracktorSimulator({ token: TOKEN, signatureSecret: SECRET, callsPerSecond: 3 }), 0);
    try {
      const get = () => fetch(`${limited.url}/set?${new URLSearchParams({ ...good(), data: "{}" })}`);
      for (let i = 0; i < 3; i++) expect((await get()).status).toBe(200);
      const refused = await get();
      expect(refused.status).toBe(429);
      expect(Number(refused.headers.get("retry-after"))).toBeGreaterThanOrEqual(1);
      expect(await refused.json()).toMatchObject({ error: "rate limit: 3 calls per second" });
    } finally {
      await limited.close();
    }
  });
});
