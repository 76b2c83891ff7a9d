import { describe, expect, it } from "vitest";
import { fixture, type FixtureName } from "../../../test/fixtures/shopify";
import { sampleShop } from "../samples";
import { DATA_TOPICS, describeWebhook, InvalidPayloadError, toEntity, UnknownOrderError } from "./topics";

const ADA = "7390213816404";
const COLLECTION = "412345678901";
const PRODUCT = "8901234567890";
const ORDER = "5901234567890";
const GUEST_ORDER = "5901234567891";

const cases: [string, FixtureName, string, string, string, string | null][] = [
  ["customers/create", "customers-create", "customer", "upsert", ADA, "2026-11-01T10:00:00Z"],
  ["customers/update", "customers-update", "customer", "upsert", ADA, "2026-11-03T08:15:00Z"],
  ["customers/delete", "customers-delete", "customer", "delete", ADA, null],
  ["collections/create", "collections-create", "category", "upsert", COLLECTION, "2026-11-01T09:00:00Z"],
  ["collections/update", "collections-update", "category", "upsert", COLLECTION, "2026-11-04T07:30:00Z"],
  ["collections/delete", "collections-delete", "category", "delete", COLLECTION, null],
  ["products/create", "products-create", "product", "upsert", PRODUCT, "2026-11-01T09:30:00Z"],
  ["products/update", "products-update", "product", "upsert", PRODUCT, "2026-11-05T13:00:00Z"],
  ["products/delete", "products-delete", "product", "delete", PRODUCT, null],
  ["orders/create", "orders-create", "order", "upsert", ORDER, "2026-11-02T12:00:05Z"],
  ["orders/create", "orders-create-guest", "order", "upsert", GUEST_ORDER, "2026-11-04T18:45:05Z"],
  ["orders/updated", "orders-updated", "order", "upsert", ORDER, "2026-11-03T09:00:00Z"],
  ["orders/cancelled", "orders-cancelled", "order", "upsert", GUEST_ORDER, "2026-11-04T20:00:02Z"],
  ["refunds/create", "refunds-create", "order", "upsert", ORDER, "2026-11-06T15:20:00Z"],
];

describe("describeWebhook", () => {
  it.each(cases)("%s (%s) → %s %s %s at %s", (topic, name, kind, op, entityId, updatedAt) => {
    expect(describeWebhook(topic, fixture(name))).toEqual({
      kind,
      op,
      entityId,
      updatedAt: updatedAt && new Date(updatedAt),
    });
  });

  it("routes checkouts and unknown topics to nothing", () => {
    expect(describeWebhook("checkouts/create", fixture("checkouts-create"))).toBeNull();
    expect(describeWebhook("checkouts/update", fixture("checkouts-create"))).toBeNull();
    expect(describeWebhook("app/uninstalled", {})).toBeNull();
    expect(describeWebhook("toString", {})).toBeNull();
  });

  it("throws InvalidPayloadError when the id or version it reads is missing or malformed", () => {
    let err: unknown;
    try {
      describeWebhook("orders/create", { ...fixture("orders-create"), updated_at: "yesterday" });
    } catch (e) {
      err = e;
    }
    expect(err).toBeInstanceOf(InvalidPayloadError);
    expect(err).toMatchObject({ field: "updated_at", message: "updated_at: Invalid datetime" });
    expect(() => describeWebhook("orders/create", { updated_at: "2026-11-02T12:00:05Z" })).toThrow("id: Required");
    expect(() => describeWebhook("products/delete", {})).toThrow("id: Required");
    expect(() => describeWebhook("refunds/create", fixture("orders-create"))).toThrow("order_id: Required");
  });

  it("leaves the rest of the payload to toEntity, which checks it against the topic's whole schema", () => {
    // A product's body under an order topic has an id and a version: intake can store it...
    expect(describeWebhook("orders/create", fixture("products-create"))).toMatchObject({ kind: "order", entityId: PRODUCT });
    // ...and mapping it for delivery names the field it lacks.
    let err: unknown;
    try {
      toEntity("orders/create", fixture("products-create"), sampleShop);
    } catch (e) {
      err = e;
    }
    expect(err).toBeInstanceOf(InvalidPayloadError);
    expect(err).toMatchObject({ field: "name", reason: "Required", message: "name: Required" });
  });

  it("lists every data topic", () => {
    expect([...DATA_TOPICS].sort()).toEqual([
      ...new Set([...cases.map((c) => c[0]), "checkouts/create", "checkouts/update"]),
    ].sort());
  });
});

describe("toEntity", () => {
  it("maps upserts with the shop's domain", () => {
    const entity = toEntity("collections/update", fixture("collections-update"), sampleShop);
    expect(entity).toEqual({
      kind: "category",
      op: "upsert",
      record: {
        id: COLLECTION,
        title: "Summer linen shirts",
        handle: "summer-shirts",
        url: "https://shop.conduit-demo.test/collections/summer-shirts",
        updatedAt: new Date("2026-11-04T07:30:00Z"),
      },
    });
    expect(toEntity("orders/cancelled", fixture("orders-cancelled"), sampleShop)).toMatchObject({
      kind: "order",
      op: "upsert",
      record: { id: GUEST_ORDER, cancelReason: "customer" },
    });
  });

  it("turns deletes into ids", () => {
    expect(toEntity("customers/delete", fixture("customers-delete"), sampleShop)).toEqual({ kind: "customer", op: "delete", id: ADA });
    expect(toEntity("products/delete", fixture("products-delete"), sampleShop)).toEqual({ kind: "product", op: "delete", id: PRODUCT });
  });

  it("applies a refund to the stored order it belongs to", () => {
    const entity = toEntity("refunds/create", fixture("refunds-create"), sampleShop, fixture("orders-updated"));
    expect(entity).toMatchObject({
      kind: "order",
      op: "upsert",
      record: { id: ORDER, fulfillmentStatus: "fulfilled", totalRefunded: 51.97, updatedAt: new Date("2026-11-06T15:20:00Z") },
    });
  });

  it("refuses a refund with no stored order, and topics that carry no record", () => {
    expect(() => toEntity("refunds/create", fixture("refunds-create"), sampleShop)).toThrow(UnknownOrderError);
    expect(() => toEntity("refunds/create", fixture("refunds-create"), sampleShop, null)).toThrow(
      `no stored payload for order ${ORDER} to apply the refund to`,
    );
    expect(() => toEntity("checkouts/create", fixture("checkouts-create"), sampleShop)).toThrow(
      "checkouts/create carries no record to deliver",
    );
  });
});
