// The app proxy's Tracktor.io identity signature, through the real server: only a request Shopify
// signed, recently, for a shop with Conduit installed, and only for the customer Shopify says is
// logged in. The expected signature is Tracktor's own seed vector.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { startRig, type Rig } from "../support/rig";
import { seedOfflineSession, seedShop } from "../support/seed";
import { TEST_SHOP } from "../support/webhooks";
import { proxyParams, type ProxyQuery } from "./app-proxy";

// From Tracktor.io's secure-mode documentation: key, identity and the signature it prints.
const SEED = { secret: "2D8CarQ4rX3WvH6TK7DpJDk5", identity: "5115", sign: "9622E88BED0B5BC186286CB9504A02E5F3B4207DCA0AB23CA4FBDDFC15627E2F" };
const OTHER_SHOP = "other-shop.myshopify.com";

describe("app proxy: Tracktor.io identity", () => {
  let rig: Rig;
  const get = async (params: URLSearchParams | string) => {
    const res = await fetch(`${rig.conduit.url}/proxy/tracktor/identity?${params}`);
    return { status: res.status, cache: res.headers.get("cache-control"), body: (await res.json()) as Record<string, string> };
  };
  const signed = (q: Partial<ProxyQuery> = {}) => proxyParams({ shop: TEST_SHOP, customer: SEED.identity, ...q });

  beforeAll(async () => {
    rig = await startRig("sqlite");
    await seedOfflineSession(rig.db, TEST_SHOP);
    await rig.connect("tracktor", TEST_SHOP, { signatureSecret: SEED.secret });
    // Tracktor.io without secure mode: the id, no signature.
    await seedOfflineSession(rig.db, "unsigned.myshopify.com");
    await rig.connect("tracktor", "unsigned.myshopify.com", {});
    // Installed, but without Tracktor.io.
    await seedOfflineSession(rig.db, "no-tracktor.myshopify.com");
    await seedShop(rig.db, "no-tracktor.myshopify.com");
  });
  afterAll(() => rig?.close());

  it("answers the logged-in customer's signature, the one Tracktor's seed vector gives, uncacheable", async () => {
    const res = await get(signed());
    expect(res).toEqual({ status: 200, cache: "private, no-store", body: { id: SEED.identity, sign: SEED.sign } });
  });

  it("refuses an unsigned request with 401 and no data", async () => {
    const params = signed();
    params.delete("signature");
    const res = await get(params);
    expect(res.status).toBe(401);
    expect(res.body).toEqual({ error: expect.stringMatching(/^signature: /) });
  });

  it("refuses a request whose customer was changed after Shopify signed it", async () => {
    const params = signed({ customer: "42" });
    params.set("logged_in_customer_id", SEED.identity);
    expect((await get(params)).status).toBe(401);
  });

  it("refuses a request signed with another secret, or minutes ago", async () => {
    expect((await get(signed({ secret: "not-the-app-secret" }))).status).toBe(401);
    expect((await get(signed({ timestamp: Math.floor(Date.now() / 1000) - 300 }))).status).toBe(401);
  });

  it("refuses a shop that has not installed Conduit, even correctly signed", async () => {
    const res = await get(signed({ shop: OTHER_SHOP }));
    expect(res).toMatchObject({ status: 401, body: { error: "shop: Conduit is not installed on this shop" } });
  });

  it("gives no signature when no customer is logged in, nor for an id the request adds", async () => {
    const res = await get(signed({ customer: "" }));
    expect(res).toEqual({ status: 401, cache: "private, no-store", body: { error: "logged_in_customer_id: no customer is logged in" } });
    expect((await get(`${signed({ customer: "" })}&customer_id=${SEED.identity}`)).status).toBe(401);
  });

  it("answers the id alone when the merchant has not set Tracktor's signature secret", async () => {
    expect(await get(signed({ shop: "unsigned.myshopify.com" }))).toMatchObject({ status: 200, body: { id: SEED.identity } });
  });

  it("says clearly when the shop has no Tracktor.io connection", async () => {
    const res = await get(signed({ shop: "no-tracktor.myshopify.com" }));
    expect(res).toMatchObject({ status: 404, body: { error: "vendor: Tracktor.io storefront tracking is not connected on this shop" } });
  });
});
