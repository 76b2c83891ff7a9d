import { describe, expect, it } from "vitest";
import { likePatterns, mentions, subjectOf } from "./subject";

describe("who a privacy request is about", () => {
  const john = subjectOf({ customer: { id: 42, email: " John_Doe@Example.com ", phone: "+44 20 7123 4567" } });

  it("matches the email as a whole value, in any letter case, never as a pattern or part of another", () => {
    expect(mentions(john, '{"email":"john_doe@example.com"}')).toBe(true);
    expect(mentions(john, '{"email":"JOHN_DOE@EXAMPLE.COM"}')).toBe(true);
    expect(mentions(john, "invalid email john_doe@example.com.")).toBe(true);
    expect(mentions(john, '{"email":"johnXdoe@example.com"}')).toBe(false);
    expect(mentions(john, '{"email":"big.john_doe@example.com"}')).toBe(false);
    expect(mentions(john, '{"email":"john_doe@example.com.au"}')).toBe(false);
  });

  it("matches the customer id only where it names a customer", () => {
    expect(mentions(john, '{"id":7,"customer":{"id":42}}')).toBe(true);
    expect(mentions(john, '{"addresses":[{"customer_id":42}]}')).toBe(true);
    expect(mentions(john, '{"node":{"customer":"gid://shopify/Customer/42"}}')).toBe(true);
    expect(mentions(john, '{"id":42,"product_id":42,"line_items":[{"variant_id":42}]}')).toBe(false);
  });

  it("matches a phone number however it is written, under a phone field", () => {
    expect(mentions(john, '{"shipping_address":{"phone":"020 7123 4567"}}')).toBe(true);
    expect(mentions(john, '{"phone":"+442071234567"}')).toBe(true);
    expect(mentions(john, '{"phone":"+44 20 7123 9999"}')).toBe(false);
    expect(mentions(john, '{"total":"71234567"}')).toBe(false);
  });

  it("narrows in SQL with escaped, lower-cased patterns that every match satisfies", () => {
    expect(likePatterns(john)).toEqual(["%john!_doe@example.com%", "%42%", "%4567%"]);
    expect(likePatterns(subjectOf({ customer: { id: null, email: "100%!@x.io", phone: "12" } }))).toEqual(["%100!%!!@x.io%"]);
  });

  it("finds a non-ASCII email in any letter case, though SQLite folds ASCII letters only", () => {
    const u = subjectOf({ customer: { email: "ünal@exämple.com" } });
    expect(likePatterns(u)).toEqual(["%mple.com%"]);
    expect(mentions(u, '{"email":"ÜNAL@EXÄMPLE.COM"}')).toBe(true);
  });
});
