import { describe, expect, it } from "vitest";
import { adminSample } from "../../../simulators/shopify-admin/samples";
import { fixture } from "../../../test/fixtures/shopify";
import { adaCustomer } from "../../../test/fixtures/shopify/expected";
import { mapCustomer } from "../shopify/customer";
import { mapCustomerNode } from "./customer";

describe("mapCustomerNode", () => {
  it("maps a Customer node", () => {
    expect(mapCustomerNode(adminSample("ada"))).toEqual(adaCustomer);
  });

  it("reads the same customer as its customers/create webhook", () => {
    expect(mapCustomerNode(adminSample("ada"))).toEqual(mapCustomer(fixture("customers-create")));
  });

  it.each([
    ["SUBSCRIBED", "subscribed"],
    ["PENDING", "not_subscribed"],
    ["NOT_SUBSCRIBED", "not_subscribed"],
    ["UNSUBSCRIBED", "unsubscribed"],
    ["INVALID", "unknown"],
  ])("marketing state %s → %s", (state, expected) => {
    const node = adminSample("ada");
    node.defaultEmailAddress.marketingState = state;
    expect(mapCustomerNode(node).emailMarketing).toBe(expected);
  });

  it("reads a customer with no email, phone, tags or address", () => {
    const node = { ...adminSample("ada"), defaultEmailAddress: null, defaultPhoneNumber: null, tags: [], defaultAddress: null };
    expect(mapCustomerNode(node)).toMatchObject({
      email: null,
      phone: null,
      tags: [],
      emailMarketing: "unknown",
      emailMarketingUpdatedAt: null,
      defaultAddress: null,
    });
  });

  it("names the field a node gets wrong", () => {
    expect(() => mapCustomerNode({ ...adminSample("ada"), id: "7390213816404" })).toThrow("id: Expected a Shopify global id");
    expect(() => mapCustomerNode({ ...adminSample("ada"), updatedAt: undefined })).toThrow("updatedAt: Required");
  });
});
