// GET /auth/login serves the store-domain form (Shopify's template), not a 500; a posted shop
// is checked and, when valid, sent on into OAuth.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { startConduit, testEnv, type Conduit } from "../support/conduit";
import { createTestDatabase, type TestDatabase } from "../support/database";

describe("/auth/login", () => {
  let database: TestDatabase;
  let conduit: Conduit;
  beforeAll(async () => {
    database = await createTestDatabase("sqlite");
    conduit = await startConduit(testEnv(database.url, { CONDUIT_WORKER: "off" }));
  });
  afterAll(async () => {
    await conduit?.stop();
    await database?.drop();
  });

  const post = (shop: string) =>
    fetch(`${conduit.url}/auth/login`, { method: "POST", body: new URLSearchParams({ shop }), redirect: "manual" });

  it("serves the login form", async () => {
    const res = await fetch(`${conduit.url}/auth/login`);
    expect(res.status).toBe(200);
    const html = await res.text();
    expect(html).toContain("Shop domain");
    expect(html).toMatch(/<input[^>]*name="shop"/);
  });

  it("names what is wrong with a posted shop, and sends a valid one into OAuth", async () => {
    const bad = await post("not a shop");
    expect(bad.status).toBe(200);
    expect(await bad.text()).toContain("Enter a store domain such as my-shop.myshopify.com");
    const good = await post("good-shop.myshopify.com");
    expect(good.status).toBeGreaterThanOrEqual(300);
    expect(good.status).toBeLessThan(400);
    expect(good.headers.get("location")).toMatch(/^https:\/\/admin\.shopify\.com\/store\/good-shop\//);
  });
});
