import { beforeEach, describe, expect, it } from "vitest";
import { RECONCILE_CUSTOMER, RECONCILE_ORDER, RECONCILE_PRODUCT } from "../../app/domain/shopify-graphql";
import { createShopifyAdminSimulator, GRAPHQL_PATH } from "./index";
import { adminSample, seedRecord } from "./samples";
import { serveForTests } from "../testing";

const TOKEN = "shpat_records_test";
const def = createShopifyAdminSimulator({ accessToken: TOKEN });
const listedAt = new Date("2026-11-20T08:30:00.250Z");

async function gql(query: string, id: string) {
  const res = await fetch(sim.url + GRAPHQL_PATH, {
    method: "POST",
    headers: { "content-type": "application/json", "x-shopify-access-token": TOKEN },
    body: JSON.stringify({ query, variables: { id } }),
  });
  return res.json();
}

const sim = serveForTests(def, { resetEach: false });
beforeEach(() => {
  sim.reset();
  def.seed({
    customers: [seedRecord(adminSample("ada"))],
    products: [seedRecord(adminSample("linenShirt"), listedAt), { id: "5002", updatedAt: listedAt }],
    collections: [{ id: "3001", productIds: ["8901234567890"] }, { id: "3002", productIds: ["5002"] }],
    orders: [seedRecord(adminSample("adaOrder"))],
  });
});

describe("shopify-admin records", () => {
  it("answers ReconcileOrder and ReconcileCustomer with the seeded node", async () => {
    expect((await gql(RECONCILE_ORDER, "gid://shopify/Order/5901234567890")).data).toEqual({ order: adminSample("adaOrder") });
    const customer = await gql(RECONCILE_CUSTOMER, "gid://shopify/Customer/7390213816404");
    expect(customer.data).toEqual({ customer: adminSample("ada") });
    expect(customer.extensions.cost).toMatchObject({ requestedQueryCost: 6, actualQueryCost: 1 });
  });

  it("answers ReconcileProduct as listed: the listing's updatedAt, collections from membership", async () => {
    const { data } = await gql(RECONCILE_PRODUCT, "gid://shopify/Product/8901234567890");
    expect(data.product).toEqual({
      ...adminSample("linenShirt"),
      updatedAt: "2026-11-20T08:30:00Z",
      collections: { nodes: [{ id: "gid://shopify/Collection/3001" }], pageInfo: { hasNextPage: false } },
    });
  });

  it("answers null for an unknown id, another type's id, or a record seeded without its node", async () => {
    expect((await gql(RECONCILE_ORDER, "gid://shopify/Order/404")).data).toEqual({ order: null });
    expect((await gql(RECONCILE_ORDER, "gid://shopify/Customer/7390213816404")).data).toEqual({ order: null });
    expect((await gql(RECONCILE_PRODUCT, "gid://shopify/Product/5002")).data).toEqual({ product: null });
  });

  it("throttles a record query the bucket cannot cover", async () => {
    def.setBucket({ currentlyAvailable: 700, restoreRate: 0 });
    expect((await gql(RECONCILE_ORDER, "gid://shopify/Order/5901234567890")).errors).toEqual([
      { message: "Throttled", extensions: { code: "THROTTLED" } },
    ]);
    expect((await gql(RECONCILE_PRODUCT, "gid://shopify/Product/8901234567890")).data.product.title).toBe("Linen shirt");
  });
});
