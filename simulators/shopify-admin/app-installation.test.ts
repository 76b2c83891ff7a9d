import { describe, expect, it } from "vitest";
import { APP_INSTALLATION_ID } from "./app-installation";
import { createShopifyAdminSimulator, GRAPHQL_PATH } from "./index";
import { serveForTests } from "../testing";

const TOKEN = "shpat_test_token";
const def = createShopifyAdminSimulator({ accessToken: TOKEN });

const SET = `mutation SetStorefrontMetafield($metafields: [MetafieldsSetInput!]!) {
  metafieldsSet(metafields: $metafields) { metafields { id } userErrors { field message code } }
}`;

async function gql(query: string, variables: object = {}) {
  const res = await fetch(sim.url + GRAPHQL_PATH, {
    method: "POST",
    headers: { "content-type": "application/json", "x-shopify-access-token": TOKEN },
    body: JSON.stringify({ query, variables }),
  });
  return res.json();
}

const input = (over: object = {}) => ({ ownerId: APP_INSTALLATION_ID, namespace: "conduit", key: "storefront", type: "json", value: '{"a":1}', ...over });

const sim = serveForTests(def);

describe("shopify-admin simulator: app installation metafields", () => {
  it("answers currentAppInstallation", async () => {
    const body = await gql("query AppInstallationId { currentAppInstallation { id } }");
    expect(body.data).toEqual({ currentAppInstallation: { id: APP_INSTALLATION_ID } });
  });

  it("stores a metafield set by a mutation, keeping its id across updates", async () => {
    const first = await gql(SET, { metafields: [input()] });
    expect(first.data.metafieldsSet.userErrors).toEqual([]);
    const second = await gql(SET, { metafields: [input({ value: '{"a":2}' })] });
    expect(second.data.metafieldsSet.metafields[0].id).toBe(first.data.metafieldsSet.metafields[0].id);
    expect(def.metafield("conduit", "storefront")).toMatchObject({ type: "json", value: '{"a":2}' });
  });

  it("refuses an unknown owner or invalid JSON with user errors, writing nothing", async () => {
    const body = await gql(SET, { metafields: [input({ key: "ok" }), input({ ownerId: "gid://shopify/Shop/1" }), input({ value: "{nope" })] });
    expect(body.data.metafieldsSet.userErrors.map((e: { code: string; field: string[] }) => [e.code, e.field.join(".")])).toEqual([
      ["INVALID", "metafields.1.ownerId"],
      ["INVALID_VALUE", "metafields.2.value"],
    ]);
    expect(def.metafield("conduit", "ok")).toBeUndefined();
  });

  it("forgets what was written on reset", async () => {
    await gql(SET, { metafields: [input()] });
    sim.reset();
    expect(def.metafield("conduit", "storefront")).toBeUndefined();
  });
});
