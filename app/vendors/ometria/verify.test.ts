import { describe, expect, it } from "vitest";
import { createOmetriaSimulator } from "../../../simulators/ometria";
import { ometria } from "./index";
import { ometriaContext } from "./testing";
import { serveForTests } from "../../../simulators/testing";

const def = createOmetriaSimulator();
const sim = serveForTests(def);

describe("Ometria Test connection", () => {
  it("accepts a good key with a read that writes nothing", async () => {
    const result = await ometria.verify(ometriaContext(sim.url));
    expect(result).toEqual({ ok: true, message: expect.stringMatching(/staging account accepted the API key/) });
    expect(sim.requests.map((r) => `${r.method} ${r.path}`)).toEqual(["GET /v2/push/_errors"]);
    expect(def.state()).toMatchObject({ contacts: [], products: [], orders: [] });
  });

  it("names the apiKey field when Ometria refuses the key", async () => {
    const result = await ometria.verify(ometriaContext(sim.url, { apiKey: "wrong" }));
    expect(result).toMatchObject({ ok: false, field: "apiKey", message: expect.stringMatching(/refused the API key/) });
  });

  it("reports an outage in plain words without blaming a field", async () => {
    sim.fail({ status: 503 });
    const result = await ometria.verify(ometriaContext(sim.url));
    expect(result.ok).toBe(false);
    expect(result.field).toBeUndefined();
    expect(result.message).toMatch(/Try again in a few minutes/);
  });

  it("reports a rate limit as a moment's wait", async () => {
    sim.fail({ status: 429, headers: { "Retry-After": "1" } });
    expect(await ometria.verify(ometriaContext(sim.url))).toMatchObject({ ok: false, message: expect.stringMatching(/too many requests/) });
  });
});
