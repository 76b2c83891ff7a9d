import { describe, expect, it } from "vitest";
import { fixture } from "../../../test/fixtures/shopify";
import { adaAddress, adaCustomer } from "../../../test/fixtures/shopify/expected";
import { mapCustomer } from "./customer";

describe("mapCustomer", () => {
  it("maps customers/create", () => {
    expect(mapCustomer(fixture("customers-create"))).toEqual(adaCustomer);
  });

  it("maps customers/update: new names, a tag removed, consent withdrawn, later updated_at", () => {
    const c = mapCustomer(fixture("customers-update"));
    expect(c).toMatchObject({
      firstName: "Augusta Ada",
      lastName: "King",
      tags: ["vip"],
      emailMarketing: "unsubscribed",
      emailMarketingUpdatedAt: new Date("2026-11-03T08:15:00Z"),
      updatedAt: new Date("2026-11-03T08:15:00Z"),
      createdAt: new Date("2026-11-01T10:00:00Z"),
    });
    expect(c.defaultAddress).toEqual({ ...adaAddress, firstName: "Augusta Ada", lastName: "King" });
  });

  it.each([
    ["subscribed", "subscribed"],
    ["pending", "not_subscribed"],
    ["not_subscribed", "not_subscribed"],
    ["unsubscribed", "unsubscribed"],
    ["redacted", "unknown"],
    ["invalid", "unknown"],
  ])("consent state %s → %s", (state, expected) => {
    const payload = fixture("customers-create");
    payload.email_marketing_consent.state = state;
    expect(mapCustomer(payload).emailMarketing).toBe(expected);
  });

  it("reads a customer with no consent, email, tags or address", () => {
    const payload = { ...fixture("customers-create"), email_marketing_consent: null, email: null, tags: "", default_address: null };
    expect(mapCustomer(payload)).toMatchObject({
      email: null,
      tags: [],
      emailMarketing: "unknown",
      emailMarketingUpdatedAt: null,
      defaultAddress: null,
    });
  });

  it("names the field a payload gets wrong", () => {
    expect(() => mapCustomer(fixture("customers-delete"))).toThrow("created_at: Required");
    const payload = { ...fixture("customers-create"), updated_at: "yesterday" };
    expect(() => mapCustomer(payload)).toThrow("updated_at: Invalid datetime");
  });
});
