import { beforeEach, describe, expect, it } from "vitest";
import { createShopifyAdminSimulator, GRAPHQL_PATH, INVALID_TOKEN } from "./index";
import { serveForTests } from "../testing";

const TOKEN = "shpat_test_token";
const def = createShopifyAdminSimulator({ accessToken: TOKEN });

const at = (minute: number) => new Date(Date.UTC(2026, 10, 2, 12, minute));
const orders = Array.from({ length: 120 }, (_, i) => ({ id: String(9000 + i), updatedAt: at(i % 60) }));

async function gql(query: string, variables: object = {}, token = TOKEN) {
  const res = await fetch(sim.url + GRAPHQL_PATH, {
    method: "POST",
    headers: { "content-type": "application/json", "x-shopify-access-token": token },
    body: JSON.stringify({ query, variables }),
  });
  return { status: res.status, body: await res.json() };
}

const RECENT_ORDERS = `query RecentOrders($query: String, $after: String) {
  orders(first: 50, after: $after, query: $query, sortKey: UPDATED_AT) { nodes { legacyResourceId updatedAt } pageInfo { hasNextPage endCursor } }
}`;

const sim = serveForTests(def, { resetEach: false });
beforeEach(() => {
  sim.reset();
  def.seed({
    shop: { primaryDomain: "https://www.example.com", currencyCode: "GBP" },
    products: [{ id: "5001", updatedAt: at(0) }, { id: "5002", updatedAt: at(1) }],
    collections: [{ id: "3001", productIds: ["5001"] }, { id: "3002", productIds: ["5001", "5002"] }],
    orders,
  });
});

describe("shopify-admin simulator", () => {
  it("answers ShopPrimaryDomain with the cost of the query", async () => {
    const { status, body } = await gql("query ShopPrimaryDomain { shop { primaryDomain { url host } currencyCode } }");
    expect(status).toBe(200);
    expect(body).toEqual({
      data: { shop: { primaryDomain: { url: "https://www.example.com", host: "www.example.com" }, currencyCode: "GBP" } },
      extensions: {
        cost: {
          requestedQueryCost: 2,
          actualQueryCost: 2,
          throttleStatus: { maximumAvailable: 1000, currentlyAvailable: 998, restoreRate: 50 },
        },
      },
    });
  });

  it("answers ProductCollections from collection membership, null for an unknown product", async () => {
    const q = "query ProductCollections($id: ID!) { product(id: $id) { collections(first: 250) { nodes { legacyResourceId } } } }";
    expect((await gql(q, { id: "gid://shopify/Product/5001" })).body.data).toEqual({
      product: { collections: { nodes: [{ legacyResourceId: "3001" }, { legacyResourceId: "3002" }] } },
    });
    expect((await gql(q, { id: "gid://shopify/Product/404" })).body.data).toEqual({ product: null });
  });

  it("pages RecentOrders 50 at a time, oldest first, after the query's updated_at", async () => {
    const query = `updated_at:>'${at(4).toISOString()}'`;
    const first = (await gql(RECENT_ORDERS, { query })).body.data.orders;
    expect(first.nodes).toHaveLength(50);
    expect(first.nodes[0]).toEqual({ legacyResourceId: "9005", updatedAt: "2026-11-02T12:05:00Z" });
    expect(first.pageInfo.hasNextPage).toBe(true);
    const second = (await gql(RECENT_ORDERS, { query, after: first.pageInfo.endCursor })).body.data.orders;
    expect(second.nodes).toHaveLength(50);
    expect(second.pageInfo.hasNextPage).toBe(true);
    const third = (await gql(RECENT_ORDERS, { query, after: second.pageInfo.endCursor })).body.data.orders;
    expect(third.pageInfo).toEqual({ hasNextPage: false, endCursor: expect.any(String) });
    const ids = [first, second, third].flatMap((p) => p.nodes.map((n: { legacyResourceId: string }) => n.legacyResourceId));
    // Minutes 5..59 occur twice each (ids 9000+m and 9060+m): 110 orders, each once.
    expect(third.nodes).toHaveLength(10);
    expect(new Set(ids)).toEqual(new Set(orders.filter((o) => o.updatedAt > at(4)).map((o) => o.id)));
    expect(ids).toHaveLength(110);
  });

  it("refuses a wrong token with Shopify's 401 body", async () => {
    expect(await gql("query ShopPrimaryDomain { shop { currencyCode } }", {}, "wrong")).toEqual({
      status: 401,
      body: { errors: INVALID_TOKEN },
    });
  });

  it("answers an unknown operation and a bad cursor with GraphQL errors", async () => {
    const unknown = await gql("query Mystery { shop { name } }");
    expect(unknown.status).toBe(200);
    expect(unknown.body.errors[0].extensions.code).toBe("undefinedOperation");
    const badCursor = await gql(RECENT_ORDERS, { after: "not-a-cursor" });
    expect(badCursor.body.errors[0].extensions.code).toBe("BAD_USER_INPUT");
  });

  it("answers THROTTLED when the bucket cannot cover the query, until it refills", async () => {
    def.setBucket({ currentlyAvailable: 10, restoreRate: 0 });
    expect((await gql("query ShopPrimaryDomain { shop { currencyCode } }")).status).toBe(200);
    const throttled = await gql(RECENT_ORDERS);
    expect(throttled.body.errors).toEqual([{ message: "Throttled", extensions: { code: "THROTTLED" } }]);
    expect(throttled.body.extensions.cost.throttleStatus.currentlyAvailable).toBe(8);
    def.setBucket({ currentlyAvailable: 1000 });
    expect((await gql(RECENT_ORDERS)).body.data.orders.nodes).toHaveLength(50);
  });
});
