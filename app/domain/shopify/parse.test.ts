import { describe, expect, it } from "vitest";
import { z } from "zod/v4";
import { InvalidPayloadError, money, parsePayload, sum, tags } from "./parse";

const caught = (fn: () => unknown) => {
  try {
    fn();
  } catch (err) {
    return err;
  }
  throw new Error("did not throw");
};

describe("parsePayload", () => {
  it("throws InvalidPayloadError naming the path of the first issue", () => {
    const schema = z.object({ line_items: z.array(z.object({ quantity: z.number() })) });
    const err = caught(() => parsePayload(schema, { line_items: [{ quantity: "2" }] }));
    expect(err).toBeInstanceOf(InvalidPayloadError);
    expect(err).toMatchObject({
      field: "line_items.0.quantity",
      reason: "Expected number, received string",
      message: "line_items.0.quantity: Expected number, received string",
    });
  });

  it("names the payload itself when it is not an object", () => {
    expect(() => parsePayload(z.object({ id: z.number() }), "[]")).toThrow("(payload): Expected object, received string");
  });
});

describe("encodings", () => {
  it("reads money from decimal strings or numbers, rounded to cents", () => {
    expect(money.parse("49.50")).toBe(49.5);
    expect(money.parse(1.005)).toBe(1.01);
    expect(money.parse("-4.95")).toBe(-4.95);
    expect(money.safeParse("4,95").error?.issues[0].message).toBe("Expected a decimal amount");
    expect(money.safeParse(undefined).error?.issues[0].message).toBe("Required");
  });

  it("sums without float noise", () => {
    expect(sum([0.1, 0.2])).toBe(0.3);
  });

  it("splits Shopify's tag string", () => {
    expect(tags.parse(" vip,  newsletter ,")).toEqual(["vip", "newsletter"]);
    expect(tags.parse(null)).toEqual([]);
  });
});
