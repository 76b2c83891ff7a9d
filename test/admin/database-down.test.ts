// The merchant opens Conduit while its database does not answer: a page that says so, answered
// 503, rather than "Unexpected Server Error". The database is a PostgreSQL port nothing listens
// on, so this runs anywhere.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { freePort, startConduit, testEnv, type Conduit } from "../support/conduit";
import { adminFetch, BROWSER_UA, embeddedQuery } from "./session";

const SHOP = "database-down.myshopify.com";

describe("the admin while the database is down", () => {
  let conduit: Conduit;
  beforeAll(async () => {
    conduit = await startConduit(testEnv(`postgres://postgres@127.0.0.1:${await freePort()}/unreachable`, { CONDUIT_WORKER: "off" }));
  });
  afterAll(() => conduit?.stop());

  it("explains it on the page the admin opens", async () => {
    const res = await fetch(`${conduit.url}/app?${await embeddedQuery(SHOP)}`, { headers: { "User-Agent": BROWSER_UA } });
    expect(res.status).toBe(503);
    const html = await res.text();
    expect(html).toContain("Conduit cannot reach its database right now");
    expect(html).not.toContain("Unexpected Server Error");
  });

  it.each(["/app.data", "/app/activity.data", "/app/vendors/metrilo.data"])("answers %s 503, for App Bridge to retry", async (path) => {
    const res = await adminFetch(conduit.url, path, { shop: SHOP });
    expect(res.status).toBe(503);
  });
});
