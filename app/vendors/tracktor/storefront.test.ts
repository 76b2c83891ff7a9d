// Aliasing is irreversible: only when the HMAC-checked order names the same order and email as the
// pixel's checkout, in whichever order the two arrive, and only once.
import { describe, expect, it } from "vitest";
import { createTracktorSimulator } from "../../../simulators/tracktor";
import { serveForTests } from "../../../simulators/testing";
import { sampleOrder } from "../../domain/samples";
import type { Entity, StorefrontEvent } from "../../domain/types";
import { testContext } from "../testing";
import type { DeliveryItem } from "../types";
import { tracktor } from "./index";
import type { TracktorSettings } from "./settings";

const TOKEN = "tio-app-token";
const SECRET = "2D8CarQ4rX3WvH6TK7DpJDk5";
const def = createTracktorSimulator({ token: TOKEN, signatureSecret: SECRET, requireSigned: true });
const sim = serveForTests(def);
const ctx = () => testContext<TracktorSettings>({ token: TOKEN, signatureSecret: SECRET }, sim.url);

let n = 0;
const item = (entity: Entity): DeliveryItem => ({ deliveryId: `d${++n}`, topic: "x", entity });
const completed = (email: string, orderId = "5901"): DeliveryItem => item({
  kind: "storefront_event", op: "upsert",
  record: { id: `e${n}`, name: "checkout_completed", occurredAt: new Date(), url: "https://shop.example/thank-you", referrer: null, clientId: "visitor-1", ip: "203.0.113.7", userAgent: "UA", email, data: { checkoutToken: "ck", orderId } } satisfies StorefrontEvent,
});
const order = () => item({ kind: "order", op: "upsert", record: sampleOrder({ id: "5901", email: "ada@example.com" }) });

describe("Tracktor.io alias of a visitor who checked out", () => {
  it("waits for the order when the checkout comes first, then aliases once", async () => {
    const c = ctx();
    expect((await tracktor.deliver(c, [completed("ADA@example.com")]))[0]).toMatchObject({ status: "skipped", reason: expect.stringContaining("once its order webhook arrives") });
    expect(def.aliases.size).toBe(0);
    const [delivered] = await tracktor.deliver(c, [order()]);
    expect(delivered).toMatchObject({ status: "delivered", sent: expect.arrayContaining([{ path: "/alias", srcid: "a-visitor-1", destid: expect.any(String) }]) });
    expect(def.aliases.get("a-visitor-1")).toBeDefined();
    expect((await tracktor.deliver(c, [completed("ada@example.com")]))[0]).toMatchObject({ status: "skipped", reason: "visitor already aliased" });
  });

  it("never aliases when the checkout's email is not the order's", async () => {
    def.reset();
    const c = ctx();
    await tracktor.deliver(c, [order()]);
    expect((await tracktor.deliver(c, [completed("mallory@example.com")]))[0]).toMatchObject({ status: "skipped", reason: expect.stringContaining("differs") });
    expect(def.aliases.size).toBe(0);
  });
});
