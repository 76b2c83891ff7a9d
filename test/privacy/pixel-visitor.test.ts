// The Web Pixel's events of a visitor who browsed anonymously and then gave their email at checkout:
// a customers/redact for that email erases the anonymous events of the same browser too (client id,
// IP, user agent, pages), and nothing of another visitor. Real server, real collect endpoint, SQLite.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { postEvents, visitor, VISITOR_UA } from "../collect/visitor";
import { startRig, type Rig } from "../support/rig";
import { waitFor } from "../support/wait";
import { person, privacyPayload } from "./people";

describe("a customers/redact and the pixel's events", () => {
  let rig: Rig;
  beforeAll(async () => {
    // Worker off: the rows stay pending, so only the erasure can blank them.
    rig = await startRig("sqlite", { COLLECT_TRUSTED_PROXIES: "127.0.0.1", CONDUIT_WORKER: "off" });
    await rig.connect("tracify");
    await rig.connect("tracktor"); // Tracktor.io takes checkout events too
  }, 60_000);
  afterAll(() => rig?.close());

  const payloadsOf = async (clientId: string) =>
    (await rig.db.webhookEvent.findMany({ where: { topic: { startsWith: "pixel/" } }, select: { payload: true } })).filter((e) => e.payload.includes(clientId));

  it("erases the anonymous browsing of the browser that gave the email, and keeps another visitor's", async () => {
    const ivy = person(51, { email: "ivy.pixel@example.com" });
    const browser = visitor();
    const other = visitor();
    const anonymous = [browser.event("page_viewed", "/"), browser.event("product_viewed", "/products/linen-shirt", { productId: "1", variantId: "2" })];
    const known = browser.event("checkout_contact_info_submitted", "/checkouts/c/1", { checkoutToken: "c1" }, { email: ivy.email });
    for (const batch of [anonymous, [known], [other.event("page_viewed", "/")]]) {
      expect((await postEvents(rig.conduit.url, batch)).status).toBe(200);
    }
    expect(await payloadsOf(browser.clientId)).toHaveLength(3);

    await rig.send({ topic: "customers/redact", payload: privacyPayload(ivy) });
    await waitFor("the erasure", async () => (await rig.db.privacyRequest.count({ where: { status: "completed" } })) === 1);

    expect(await payloadsOf(browser.clientId)).toHaveLength(0);
    const all = JSON.stringify(await rig.db.webhookEvent.findMany({ select: { payload: true } }));
    expect(all).not.toContain(ivy.email);
    const rows = await rig.db.delivery.findMany({ where: { entityId: { in: [...anonymous, known].map((e) => e.id) } } });
    expect(rows.map((r) => r.status)).toEqual(rows.map(() => "skipped"));
    // The other visitor's event, with their IP and user agent, is untouched.
    const kept = await payloadsOf(other.clientId);
    expect(kept).toHaveLength(1);
    expect(kept[0].payload).toContain(VISITOR_UA);
  });
});
