import { describe, expect, it } from "vitest";
import { appSettingProblems } from "./app-settings";

const good = { SHOPIFY_API_KEY: "key", SHOPIFY_API_SECRET: "secret", SHOPIFY_APP_URL: "https://conduit.example.com" };

describe("appSettingProblems", () => {
  it("finds none in a complete configuration, nor when SHOPIFY_APP_URL is left to its default", () => {
    expect(appSettingProblems(good)).toEqual([]);
    expect(appSettingProblems({ ...good, SHOPIFY_APP_URL: undefined })).toEqual([]);
    expect(appSettingProblems({ ...good, SHOPIFY_APP_URL: "http://localhost:3000" })).toEqual([]);
  });

  it("names each missing or blank setting, in one line each", () => {
    const problems = appSettingProblems({ SHOPIFY_API_KEY: " ", SHOPIFY_APP_URL: "https://conduit.example.com" });
    expect(problems).toHaveLength(2);
    expect(problems[0]).toMatch(/^SHOPIFY_API_KEY is not set/);
    expect(problems[1]).toMatch(/^SHOPIFY_API_SECRET is not set/);
  });

  it.each(["localhost:3000", "conduit.example.com", "https://", "ftp://conduit.example.com", ""])("refuses SHOPIFY_APP_URL %j, quoting it", (url) => {
    expect(appSettingProblems({ ...good, SHOPIFY_APP_URL: url })).toEqual([`SHOPIFY_APP_URL must be an http(s) URL such as https://conduit.example.com (the app's public address), not "${url}"`]);
  });
});
