// The connector against the simulator over a socket: what Ometria receives and stores, and the
// outcome each item gets.
import { describe, expect, it } from "vitest";
import { sampleCustomer, sampleOrder, sampleOrderLine, sampleProduct } from "../../domain/samples";
import type { Product } from "../../domain/types";
import { createOmetriaSimulator } from "../../../simulators/ometria";
import { ometria } from "./index";
import { item, ometriaContext } from "./testing";
import { serveForTests } from "../../../simulators/testing";

const def = createOmetriaSimulator();
const sim = serveForTests(def);

const pushes = () => sim.requests.filter((r) => r.method === "POST" && r.path === "/v2/push");
const pushed = (i = 0) => JSON.parse(pushes()[i].body);

function product(id: string, over: Partial<Product> = {}): Product {
  const p = sampleProduct({ id, ...over });
  return { ...p, variants: p.variants.map((v) => ({ ...v, id: `${id}-${v.position}`, productId: id })) };
}

describe("Ometria delivery", () => {
  it("pushes a customer as a contact with the API key header and marketing consent", async () => {
    const ctx = ometriaContext(sim.url);
    const outcomes = await ometria.deliver(ctx, [
      item({ kind: "customer", op: "upsert", record: sampleCustomer() }),
      item({ kind: "customer", op: "upsert", record: sampleCustomer({ id: "7002", email: "bob@example.com", emailMarketing: "unsubscribed" }) }),
      item({ kind: "customer", op: "upsert", record: sampleCustomer({ id: "7003", email: "cy@example.com", emailMarketing: "unknown", lastName: null }) }),
    ]);
    expect(outcomes.map((o) => o.status)).toEqual(["delivered", "delivered", "delivered"]);
    expect(pushes()).toHaveLength(1);
    expect(pushes()[0].headers["x-ometria-auth"]).toBe(ctx.settings.apiKey);
    const [ada, bob, cy] = pushed();
    expect(ada).toEqual({
      "@type": "contact",
      id: "7001",
      email: "ada@example.com",
      customer_id: "7001",
      firstname: "Ada",
      lastname: "Lovelace",
      marketing_optin: "EXPLICITLY_OPTEDIN",
      timestamp_acquired: "2026-11-01T10:00:00.000Z",
      timestamp_subscribed: "2026-11-01T10:00:00.000Z",
    });
    expect(bob).toMatchObject({ marketing_optin: "EXPLICITLY_OPTEDOUT" });
    expect(bob).not.toHaveProperty("timestamp_subscribed");
    expect(cy).not.toHaveProperty("marketing_optin");
    expect(cy).not.toHaveProperty("lastname");
    expect([...def.contacts.keys()]).toEqual(["7001", "7002", "7003"]);
  });

  it("pushes a product as a parent record plus one record per variant, as one delivered item", async () => {
    const outcomes = await ometria.deliver(ometriaContext(sim.url), [item({ kind: "product", op: "upsert", record: sampleProduct() })]);
    expect(outcomes).toHaveLength(1);
    expect(outcomes[0].status).toBe("delivered");
    expect(pushed()).toEqual([
      {
        "@type": "product", id: "5001", title: "Linen shirt", price: 49.5, is_active: true,
        url: "https://shop.conduit-demo.test/products/linen-shirt", image_url: "https://cdn.example.com/linen-shirt.jpg",
      },
      {
        "@type": "product", id: "6001", parent_id: "5001", is_variant: true, title: "Linen shirt - S", sku: "LIN-S", price: 49.5, is_active: true,
        url: "https://shop.conduit-demo.test/products/linen-shirt?variant=6001", image_url: "https://cdn.example.com/linen-shirt.jpg",
      },
      {
        "@type": "product", id: "6002", parent_id: "5001", is_variant: true, title: "Linen shirt - M", sku: "LIN-M", price: 52, is_active: true,
        url: "https://shop.conduit-demo.test/products/linen-shirt?variant=6002", image_url: "https://cdn.example.com/linen-shirt.jpg",
      },
    ]);
    expect(def.products.size).toBe(3);
  });

  it("pushes an order with totals, customer, addresses and line items", async () => {
    const [outcome] = await ometria.deliver(ometriaContext(sim.url), [item({ kind: "order", op: "upsert", record: sampleOrder() })]);
    expect(outcome.status).toBe("delivered");
    expect(pushed()).toEqual([
      {
        "@type": "order",
        id: "8001",
        timestamp: "2026-11-02T12:00:00.000Z",
        grand_total: 108.9,
        subtotal: 89.1,
        discount: 9.9,
        shipping: 4.95,
        tax: 14.85,
        currency: "EUR",
        status: "processing",
        is_valid: true,
        customer: { id: "7001", email: "ada@example.com", firstname: "Ada", lastname: "Lovelace" },
        ip_address: "203.0.113.7",
        channel: "online",
        payment_method: "shopify_payments",
        shipping_method: "Standard",
        billing_address: {
          firstname: "Ada", lastname: "Lovelace", line_1: "12 St James's Square", city: "London",
          postcode: "SW1Y 4JH", country_code: "GB", phone: "+442071234567",
        },
        coupon_code: "WELCOME10",
        lineitems: [
          {
            product_id: "5001", variant_id: "6001", sku: "LIN-S", quantity: 2, unit_price: 49.5, subtotal: 99,
            discount: 9.9, tax: 14.85, total: 103.95, quantity_refunded: 0, refunded: 0,
          },
        ],
      },
    ]);
  });

  it("marks a cancelled order invalid with status cancelled, keeping its totals", async () => {
    const ctx = ometriaContext(sim.url);
    await ometria.deliver(ctx, [item({ kind: "order", op: "upsert", record: sampleOrder() })]);
    const cancelled = sampleOrder({ cancelledAt: new Date("2026-11-03T09:00:00Z"), cancelReason: "customer", financialStatus: "voided" });
    const [outcome] = await ometria.deliver(ctx, [item({ kind: "order", op: "upsert", record: cancelled })]);
    expect(outcome.status).toBe("delivered");
    expect(pushed(1)[0]).toMatchObject({ status: "cancelled", is_valid: false });
    expect(def.orders.get("8001")).toMatchObject({ status: "cancelled", is_valid: false, grand_total: 108.9 });
  });

  it("reflects a refund in the line items' quantity_refunded and refunded", async () => {
    const refunded = sampleOrder({
      financialStatus: "partially_refunded",
      totalRefunded: 51.98,
      lines: [sampleOrderLine({ refundedQuantity: 1, refundedAmount: 51.98 })],
    });
    await ometria.deliver(ometriaContext(sim.url), [item({ kind: "order", op: "upsert", record: refunded })]);
    expect(def.orders.get("8001")).toMatchObject({
      status: "partially_refunded",
      is_valid: true,
      lineitems: [expect.objectContaining({ quantity: 2, quantity_refunded: 1, refunded: 51.98 })],
    });
  });

  it("rejects exactly the records Ometria refused, with its reason, and delivers the rest", async () => {
    const outcomes = await ometria.deliver(ometriaContext(sim.url), [
      item({ kind: "order", op: "upsert", record: sampleOrder({ id: "8001" }) }),
      item({ kind: "order", op: "upsert", record: sampleOrder({ id: "8002", currency: "EURO" }) }),
      item({ kind: "order", op: "upsert", record: sampleOrder({ id: "8003" }) }),
    ]);
    expect(outcomes.map((o) => o.status)).toEqual(["delivered", "rejected", "delivered"]);
    expect(outcomes[1]).toMatchObject({ reason: "order 8002: currency must be a 3-letter ISO 4217 code" });
    expect(sim.requests.map((r) => `${r.method} ${r.path}`)).toEqual(["POST /v2/push", "GET /v2/push/_errors"]);
    expect([...def.orders.keys()]).toEqual(["8001", "8003"]);
  });

  it("rejects a product whose variant was refused even though its parent was stored", async () => {
    const broken = product("5002");
    broken.variants[1].price = Number.NaN; // serialises as null: a new variant record without a price
    const outcomes = await ometria.deliver(ometriaContext(sim.url), [
      item({ kind: "product", op: "upsert", record: broken }),
      item({ kind: "product", op: "upsert", record: product("5003") }),
    ]);
    expect(outcomes[0]).toMatchObject({ status: "rejected", reason: "variant 5002-2: price is required for a new product" });
    expect(outcomes[1].status).toBe("delivered");
    expect(def.products.has("5002")).toBe(true);
    expect(def.products.has("5002-2")).toBe(false);
  });

  it("splits a batch of more than 100 records into pushes of at most 100", async () => {
    const items = Array.from({ length: 40 }, (_, i) => item({ kind: "product", op: "upsert", record: product(String(5100 + i)) }));
    const outcomes = await ometria.deliver(ometriaContext(sim.url), items);
    expect(outcomes.map((o) => o.status)).toEqual(Array(40).fill("delivered"));
    expect(pushes().map((r) => [r.status, JSON.parse(r.body).length])).toEqual([[200, 100], [200, 20]]);
    expect(def.products.size).toBe(120);
  });

  it("deactivates a deleted product and the variants sent for it, keeping the rest of the record", async () => {
    const ctx = ometriaContext(sim.url);
    await ometria.deliver(ctx, [item({ kind: "product", op: "upsert", record: sampleProduct() })]);
    const [outcome] = await ometria.deliver(ctx, [item({ kind: "product", op: "delete", id: "5001" })]);
    expect(outcome.status).toBe("delivered");
    expect(pushed(1)).toEqual([
      { "@type": "product", id: "5001", is_active: false },
      { "@type": "product", id: "6001", is_active: false },
      { "@type": "product", id: "6002", is_active: false },
    ]);
    expect(def.products.get("5001")).toMatchObject({ title: "Linen shirt", is_active: false });
  });

  it("skips deleting a product it never sent, without calling Ometria", async () => {
    const [outcome] = await ometria.deliver(ometriaContext(sim.url), [item({ kind: "product", op: "delete", id: "5999" })]);
    expect(outcome).toMatchObject({ status: "skipped", reason: expect.stringMatching(/never sent to Ometria/) });
    expect(sim.requests).toHaveLength(0);
  });

  it("deactivates a variant the product no longer has", async () => {
    const ctx = ometriaContext(sim.url);
    await ometria.deliver(ctx, [item({ kind: "product", op: "upsert", record: sampleProduct() })]);
    const slimmer = sampleProduct({ variants: sampleProduct().variants.slice(0, 1) });
    await ometria.deliver(ctx, [item({ kind: "product", op: "upsert", record: slimmer })]);
    expect(pushed(1).at(-1)).toEqual({ "@type": "product", id: "6002", is_active: false });
    expect(def.products.get("6002")).toMatchObject({ is_active: false, title: "Linen shirt - M" });
  });

  it("rejects a record over 60 kB locally and sends the others", async () => {
    const huge = sampleProduct({ id: "5004", imageUrl: `https://cdn.example.com/${"x".repeat(62 * 1024)}.jpg` });
    const outcomes = await ometria.deliver(ometriaContext(sim.url), [
      item({ kind: "product", op: "upsert", record: huge }),
      item({ kind: "customer", op: "upsert", record: sampleCustomer() }),
    ]);
    expect(outcomes[0]).toMatchObject({ status: "rejected", reason: expect.stringMatching(/over 60 kB/) });
    expect(outcomes[1].status).toBe("delivered");
    expect(pushed().map((r: { id: string }) => r.id)).toEqual(["7001"]);
  });
});
