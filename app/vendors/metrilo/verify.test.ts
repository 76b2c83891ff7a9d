import { describe, expect, it } from "vitest";
import { createMetriloSimulator } from "../../../simulators/metrilo";
import { metrilo } from ".";
import { contractViolations, metriloCtx } from "./testing";
import { serveForTests } from "../../../simulators/testing";

const def = createMetriloSimulator();
const sim = serveForTests(def);

describe("metrilo.verify", () => {
  it("accepts good credentials with one signed, empty import that creates nothing", async () => {
    const result = await metrilo.verify(metriloCtx(sim.url));

    expect(result.ok).toBe(true);
    expect(sim.requests.map((r) => [r.path, JSON.parse(r.body).batch])).toEqual([["/customer/batch", []]]);
    expect(contractViolations(sim.requests)).toEqual([]);
    expect(def.state()).toEqual({ customers: [], categories: [], products: [], orders: [], dropped: [] });
  });

  it("names the API token when Metrilo refuses it", async () => {
    expect(await metrilo.verify(metriloCtx(sim.url, { apiToken: "wrong-token" }))).toEqual({
      ok: false,
      field: "apiToken",
      message: expect.stringContaining("refused the API token"),
    });
  });

  it("names the API secret when the signature is refused", async () => {
    expect(await metrilo.verify(metriloCtx(sim.url, { apiSecret: "wrong-secret" }))).toEqual({
      ok: false,
      field: "apiSecret",
      message: expect.stringContaining("API secret (X-Digest signature invalid)"),
    });
  });

  it("says when the project requires payment", async () => {
    def.account.paymentRequired = true;
    const result = await metrilo.verify(metriloCtx(sim.url));
    expect(result).toMatchObject({ ok: false, message: expect.stringContaining("requires payment") });
    expect(result.field).toBeUndefined();
  });

  it("tells an ignored IP apart from a bad secret", async () => {
    def.account.ipIgnored = true;
    const result = await metrilo.verify(metriloCtx(sim.url));
    expect(result).toMatchObject({ ok: false, message: expect.stringContaining("IP address") });
    expect(result.field).toBeUndefined();
  });

  it("reports an unreachable Metrilo as temporary", async () => {
    sim.fail({ status: 502 });
    expect(await metrilo.verify(metriloCtx(sim.url))).toMatchObject({ ok: false, message: expect.stringContaining("Try again") });
  });

  it("checks the settings before calling Metrilo", async () => {
    expect(await metrilo.verify(metriloCtx(sim.url, { apiSecret: "  " }))).toEqual({
      ok: false,
      field: "apiSecret",
      message: "API secret is required",
    });
    expect(sim.requests).toEqual([]);
  });
});
