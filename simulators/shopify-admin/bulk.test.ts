import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { startSimulator, type Simulator } from "../base";
import { SMALL_STORE, bulkLines } from "./generate";
import { createShopifyAdminSimulator, GRAPHQL_PATH } from ".";

describe("the stand-in's bulk operations", () => {
  const admin = createShopifyAdminSimulator({ accessToken: "t" });
  let server: Simulator;
  const gql = async (query: string, variables: object = {}) => {
    const res = await fetch(`${server.url}${GRAPHQL_PATH}`, { method: "POST", headers: { "x-shopify-access-token": "t" }, body: JSON.stringify({ query, variables }) });
    return (await res.json()) as { data?: Record<string, any>; errors?: { extensions: { code: string } }[] }; // eslint-disable-line @typescript-eslint/no-explicit-any
  };
  const run = (q: string) => gql("mutation ImportBulkRun($query: String!) { x }", { query: q });
  const state = (id: string) => gql("query ImportBulkOperation($id: ID!) { x }", { id });
  const completed = async (id: string) => {
    for (;;) {
      const op = (await state(id)).data!.bulkOperation;
      if (!["CREATED", "RUNNING"].includes(op.status)) return op;
      await new Promise((r) => setTimeout(r, 20));
    }
  };

  beforeAll(async () => {
    admin.bulk.setStore(SMALL_STORE);
    admin.bulk.configure({ runningMs: 10 });
    server = await startSimulator(admin);
  });
  afterAll(async () => {
    await server.close();
    admin.bulk.close();
  });

  it("writes children after their parent but never right after it", () => {
    const lines = [...bulkLines(SMALL_STORE, "orders")].map((l) => JSON.parse(l) as { id?: string; __parentId?: string });
    const seen = new Set<string>();
    for (const [i, line] of lines.entries()) {
      if (line.__parentId) {
        expect(seen.has(line.__parentId)).toBe(true);
        expect(lines[i - 1].id).not.toBe(line.__parentId);
      } else seen.add(line.id!);
    }
    expect(seen.size).toBe(SMALL_STORE.orders);
  });

  it("runs a query to a JSONL download that expires and is handed out again", async () => {
    const started = (await run("{ products { edges { node { id } } } }")).data!.bulkOperationRunQuery;
    expect(started.userErrors).toEqual([]);
    const op = await completed(started.bulkOperation.id);
    expect(op).toMatchObject({ status: "COMPLETED", objectCount: String(SMALL_STORE.products) });
    const text = await (await fetch(op.url)).text();
    expect(text.trim().split("\n")).toHaveLength(SMALL_STORE.products * (1 + SMALL_STORE.variantsPerProduct + 1));
    admin.bulk.expireUrls();
    expect((await fetch(op.url)).status).toBe(403);
    expect((await fetch((await state(op.id)).data!.bulkOperation.url)).status).toBe(200);
  });

  it("fails on demand, refuses a sixth operation at once, and throttles", async () => {
    admin.bulk.failNext("INTERNAL_SERVER_ERROR");
    const failed = await completed((await run("{ orders { edges { node { id } } } }")).data!.bulkOperationRunQuery.bulkOperation.id);
    expect(failed).toMatchObject({ status: "FAILED", errorCode: "INTERNAL_SERVER_ERROR", url: null });
    admin.bulk.configure({ runningMs: 5_000 });
    for (let i = 0; i < 5; i++) await run("{ customers { edges { node { id } } } }");
    expect((await run("{ customers { edges { node { id } } } }")).data!.bulkOperationRunQuery.userErrors[0].message).toMatch(/maximum of 5/);
    admin.bulk.reset();
    admin.setBucket({ currentlyAvailable: 0, restoreRate: 0 });
    expect((await run("{ customers { edges { node { id } } } }")).errors?.[0].extensions.code).toBe("THROTTLED");
    admin.reset();
  });
});
