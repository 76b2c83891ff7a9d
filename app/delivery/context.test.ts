import { afterEach, describe, expect, it } from "vitest";
import { vendors } from "../vendors";
import { baseUrlFor } from "./context.server";

const byId = (id: string) => vendors.find((v) => v.id === id)!;

describe("baseUrlFor", () => {
  const saved = { ...process.env };
  afterEach(() => {
    process.env = { ...saved };
  });

  it("calls a vendor's staging host only for staging, and only where the vendor has one", () => {
    for (const v of vendors) delete process.env[v.baseUrlEnv];
    expect(baseUrlFor(byId("tracify"), "staging")).toBe("https://devapi.tracify.ai");
    expect(baseUrlFor(byId("tracify"), "live")).toBe("https://api.tracify.ai");
    expect(baseUrlFor(byId("metrilo"), "staging")).toBe(byId("metrilo").baseUrls.live);
  });

  it("sends every environment to the operator's override, without a trailing slash", () => {
    process.env.TRACIFY_API_URL = "http://127.0.0.1:9999/";
    expect(baseUrlFor(byId("tracify"), "staging")).toBe("http://127.0.0.1:9999");
    expect(baseUrlFor(byId("tracify"), "live")).toBe("http://127.0.0.1:9999");
  });
});
