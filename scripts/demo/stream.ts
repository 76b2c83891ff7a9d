// The demo's webhook stream: a small shop's day, including what Shopify really does —
// an update that arrives before its create, a duplicate delivery, a cancellation, a refund —
// and one request with a forged signature that must be refused.
import { fixture, type FixtureName } from "../../test/fixtures/shopify";

export interface DemoWebhook {
  topic: string;
  payload: Record<string, unknown>;
  note: string;
  webhookId?: string;
  forged?: boolean;
}

const at = (name: FixtureName, note: string, topic = name.replace(/-guest$/, "").replace("-", "/")): DemoWebhook => ({
  topic,
  payload: fixture(name),
  note,
});

/** A second customer and product, derived from the fixtures with new ids. */
function second(): DemoWebhook[] {
  const grace = { ...fixture("customers-create"), id: 7390213816405, email: "grace@example.com", first_name: "Grace", last_name: "Hopper", tags: "" };
  const scarf = fixture("products-create");
  scarf.id = 8901234567891;
  scarf.title = "Silk scarf";
  scarf.handle = "silk-scarf";
  scarf.variants = scarf.variants.slice(0, 1).map((v: Record<string, unknown>) => ({ ...v, id: 4490000000001, product_id: scarf.id, sku: "SCARF-1", title: "Default Title", price: "35.00" }));
  return [
    { topic: "customers/create", payload: grace, note: "customer Grace" },
    { topic: "products/create", payload: scarf, note: "product Silk scarf (one variant)" },
  ];
}

export function demoStream(): DemoWebhook[] {
  const createOrder = at("orders-create", "order #1001 by Ada");
  return [
    at("collections-create", "collection Summer shirts"),
    at("orders-updated", "order #1001 updated — arrives BEFORE its create", "orders/updated"),
    at("customers-create", "customer Ada"),
    at("products-create", "product Linen shirt (2 variants)"),
    ...second(),
    { ...createOrder, webhookId: "demo-dup-1001" },
    { ...createOrder, webhookId: "demo-dup-1001", note: "order #1001 again — Shopify retrying the same delivery" },
    at("orders-create-guest", "guest order #1002"),
    at("orders-cancelled", "order #1002 cancelled"),
    at("refunds-create", "refund on order #1001"),
    at("customers-update", "Ada's tags changed (one removed)"),
    at("collections-update", "collection renamed"),
    { ...at("products-update", "forged product update (bad HMAC)"), forged: true },
  ];
}
