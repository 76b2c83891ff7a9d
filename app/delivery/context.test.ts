import { afterEach, describe, expect, it } from "vitest";
import { vendors } from "../vendors";
import { badAddressSettings, baseUrlFor } from "./context.server";

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

describe("badAddressSettings", () => {
  it("takes http(s) URLs and unset or empty settings", () => {
    expect(badAddressSettings({ METRILO_API_URL: "http://127.0.0.1:9999/", TRACIFY_API_URL: "https://proxy.example.com/tracify", OMETRIA_API_URL: "", TRACKTOR_API_URL: undefined })).toEqual([]);
  });

  it("names each setting that is not one, without a proxy's credentials", () => {
    expect(
      badAddressSettings({
        METRILO_API_URL: "localhost:8080",
        OMETRIA_HEADLESS_API_URL: "ftp://files.example.com",
        SHOPIFY_ADMIN_API_URL: "http//stand-in",
        TRACKTOR_API_URL: "tracktor-sim://user:secret@x",
      }),
    ).toEqual([
      'METRILO_API_URL must be an http(s) URL such as https://api.example.com, not "localhost:8080"',
      'TRACKTOR_API_URL must be an http(s) URL such as https://api.example.com, not "tracktor-sim://…@x"',
      'OMETRIA_HEADLESS_API_URL must be an http(s) URL such as https://api.example.com, not "ftp://files.example.com"',
      'SHOPIFY_ADMIN_API_URL must be an http(s) URL such as https://api.example.com, not "http//stand-in"',
    ]);
  });
});
