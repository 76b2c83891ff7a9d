import { describe, expect, it } from "vitest";
import { adminSample } from "../../../simulators/shopify-admin/samples";
import { sampleShop } from "../samples";
import { DATA_TOPICS, InvalidPayloadError } from "../shopify/topics";
import { describeReconciled, isReconcileTopic, reconciledEntity, RECONCILE_TOPICS } from "./topics";

describe("reconciliation topics", () => {
  it("describe a node by its legacy id and updatedAt", () => {
    expect(describeReconciled("orders/reconcile", adminSample("adaOrder"))).toEqual({
      kind: "order",
      op: "upsert",
      entityId: "5901234567890",
      updatedAt: new Date("2026-11-06T15:20:00Z"),
    });
    expect(describeReconciled("customers/reconcile", adminSample("ada"))).toMatchObject({ kind: "customer", entityId: "7390213816404" });
    expect(describeReconciled("products/reconcile", adminSample("linenShirt"))).toMatchObject({ kind: "product", entityId: "8901234567890" });
    expect(describeReconciled("orders/create", adminSample("adaOrder"))).toBeNull();
  });

  it("check the whole node, so that one the mappers cannot read is refused when stored", () => {
    const node = adminSample("adaOrder");
    node.lineItems.nodes[0].quantity = "2";
    expect(() => describeReconciled("orders/reconcile", node)).toThrow(InvalidPayloadError);
    expect(() => describeReconciled("orders/reconcile", node)).toThrow("lineItems.nodes.0.quantity: Expected number, received string");
  });

  it("build the canonical entity with the shop's domain", () => {
    expect(reconciledEntity("products/reconcile", adminSample("linenShirt"), sampleShop)).toMatchObject({
      kind: "product",
      op: "upsert",
      record: { id: "8901234567890", url: "https://shop.conduit-demo.test/products/linen-shirt" },
    });
    expect(reconciledEntity("customers/reconcile", adminSample("ada"), sampleShop)).toMatchObject({ kind: "customer", record: { email: "ada@example.com" } });
    expect(() => reconciledEntity("orders/create", {}, sampleShop)).toThrow("orders/create is not a reconciliation topic");
  });

  it("are none of the topics Shopify sends, so the intake never accepts them", () => {
    for (const topic of Object.values(RECONCILE_TOPICS)) {
      expect(isReconcileTopic(topic)).toBe(true);
      expect(DATA_TOPICS).not.toContain(topic);
    }
    expect(isReconcileTopic("toString")).toBe(false);
  });
});
