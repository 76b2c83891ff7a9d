// The collect endpoint is public: everything that is not a good event of an installed shop's
// storefront is refused with the status that says why, and a mixed batch keeps its good events.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { waitDrained } from "../support/drained";
import { startRig, type Rig } from "../support/rig";
import { seedShop } from "../support/seed";
import { TEST_SHOP } from "../support/webhooks";
import { ALL_CONSENT, postEvents, visitor } from "./visitor";

describe("collect refuses what it must and keeps the good events", () => {
  let rig: Rig;

  beforeAll(async () => {
    rig = await startRig("sqlite", { COLLECT_TRUSTED_PROXIES: "127.0.0.1" });
    const tracify = await rig.connect("tracify");
    // Tracktor.io waits for marketing consent; Tracify for analytics consent.
    await rig.db.vendorConnection.update({ where: { id: tracify.id }, data: { sendOptions: JSON.stringify({ consent: "analytics" }) } });
    await rig.connect("tracktor");
    const gone = await seedShop(rig.db, "gone-shop.myshopify.com");
    await rig.db.shop.update({ where: { id: gone.id }, data: { uninstalledAt: new Date() } });
  }, 60_000);
  afterAll(() => rig?.close());

  it("delivers every good event of a mixed batch and names the bad ones' fields", async () => {
    const v = visitor();
    const good = [v.event("page_viewed", "/"), v.event("product_added_to_cart", "/products/a", { productId: "1", quantity: 2 })];
    const bad = [
      v.event("product_added_to_cart", "/products/a", { productId: "1", quantity: 0 }),
      { ...v.event("page_viewed", "/"), url: "not a url" },
      v.event("made_up_event", "/"),
      { ...v.event("page_viewed", "/"), data: { email: "x@y.z" } },
    ];
    const res = await postEvents(rig.conduit.url, [good[0], ...bad, good[1]]);
    expect(res.status).toBe(200);
    const body = await res.json();
    expect(body.accepted).toBe(2);
    expect(body.rejected.map((r: { index: number; reason: string }) => [r.index, r.reason])).toEqual([
      [1, "events[1].data.quantity: must be a positive whole number"],
      [2, "events[2].url: must be a full URL"],
      [3, expect.stringMatching(/^events\[3\]\.name: must be one of page_viewed/)],
      [4, expect.stringMatching(/^events\[4\]\.data: Unrecognized key\(s\) in object: 'email'/)],
    ]);
    await waitDrained(rig.db);
    expect(rig.sims.defs.tracify.events.map((e) => e.type)).toEqual(["pageview", "addtocart"]);
    expect(rig.sims.defs.tracktor.events.map((e) => e.action)).toEqual(["page_viewed", "product_added_to_cart"]);
  });

  it("refuses a replayed event id without storing it twice", async () => {
    const e = visitor().event("page_viewed", "/again");
    expect(await (await postEvents(rig.conduit.url, [e])).json()).toMatchObject({ accepted: 1 });
    expect(await (await postEvents(rig.conduit.url, [e])).json()).toMatchObject({ accepted: 0, duplicates: [e.id] });
    expect(await rig.db.webhookEvent.count({ where: { eventId: e.id } })).toBe(1);
  });

  it("keeps an event from the vendor whose consent it lacks, counted as skipped with the reason", async () => {
    const e = visitor().event("page_viewed", "/analytics-only");
    const res = await postEvents(rig.conduit.url, [e], { consent: { ...ALL_CONSENT, marketing: false } });
    expect(await res.json()).toMatchObject({ accepted: 1, withoutConsent: { tracktor: 1 } });
    const rows = await rig.db.delivery.findMany({ where: { entityId: e.id }, orderBy: { vendor: "asc" } });
    // Tracify's row is pending, or already sent: the rig's worker runs meanwhile.
    expect(rows.map((r) => [r.vendor, r.status === "skipped" ? "skipped" : "kept"])).toEqual([["tracify", "kept"], ["tracktor", "skipped"]]);
    expect(rows[1].lastError).toMatch(/consent does not cover this vendor \(it waits for marketing consent\)/);
  });

  it("answers 413 to a body over 32 KB, 400 to one that is not JSON or holds no good event", async () => {
    const huge = await postEvents(rig.conduit.url, [], { rawBody: JSON.stringify({ consent: ALL_CONSENT, events: [{ pad: "x".repeat(33 * 1024) }] }) });
    expect(huge.status).toBe(413);
    const broken = await postEvents(rig.conduit.url, [], { rawBody: "{not json" });
    expect([broken.status, (await broken.json()).error]).toEqual([400, "body is not valid JSON"]);
    const noConsent = await postEvents(rig.conduit.url, [], { rawBody: JSON.stringify({ events: [visitor().event("page_viewed", "/")] }) });
    expect([noConsent.status, (await noConsent.json()).error]).toEqual([400, "consent: Required"]);
    const allBad = await postEvents(rig.conduit.url, [{ name: "page_viewed" }]);
    expect(allBad.status).toBe(400);
  });

  it("answers 404 to an unknown shop, 403 to an uninstalled one and to a foreign or missing origin", async () => {
    const e = () => [visitor().event("page_viewed", "/")];
    expect((await postEvents(rig.conduit.url, e(), { shop: "nobody.myshopify.com" })).status).toBe(404);
    expect((await postEvents(rig.conduit.url, e(), { shop: "gone-shop.myshopify.com", origin: "https://gone-shop.myshopify.com" })).status).toBe(403);
    const foreign = await postEvents(rig.conduit.url, e(), { origin: "https://evil.example" });
    expect(foreign.status).toBe(403);
    expect(foreign.headers.get("access-control-allow-origin")).toBeNull();
    expect((await postEvents(rig.conduit.url, e(), { origin: null })).status).toBe(403);
    expect((await postEvents(rig.conduit.url, e(), { origin: `https://${TEST_SHOP}` })).status).toBe(200);
  });

  it("answers a preflight from the storefront with CORS headers for that origin only", async () => {
    const res = await postEvents(rig.conduit.url, [], { method: "OPTIONS", rawBody: "", origin: `https://${TEST_SHOP}` });
    expect(res.status).toBe(204);
    expect(res.headers.get("access-control-allow-origin")).toBe(`https://${TEST_SHOP}`);
  });

  it("answers 429 with Retry-After to a visitor's flood, and nothing of the refused request is stored", async () => {
    const v = visitor();
    const batch = () => Array.from({ length: 50 }, (_, i) => v.event("page_viewed", `/flood/${i}`));
    expect((await postEvents(rig.conduit.url, batch())).status).toBe(200);
    expect((await postEvents(rig.conduit.url, batch())).status).toBe(200);
    const refused = batch();
    const res = await postEvents(rig.conduit.url, refused);
    expect(res.status).toBe(429);
    expect(Number(res.headers.get("retry-after"))).toBeGreaterThan(0);
    expect(await rig.db.webhookEvent.count({ where: { eventId: { in: refused.map((e) => e.id) } } })).toBe(0);
    // Another visitor of the same shop is not held back by this one.
    expect((await postEvents(rig.conduit.url, [visitor().event("page_viewed", "/")])).status).toBe(200);
  });
});
