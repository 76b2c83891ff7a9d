import { describe, expect, it } from "vitest";
import { grantedKinds } from "./scope";

describe("grantedKinds", () => {
  it("keeps the kinds the token may read, customers and products before orders", () => {
    expect(grantedKinds("read_orders,read_products,read_customers")).toEqual(["customer", "product", "order"]);
    expect(grantedKinds("read_orders, write_products")).toEqual(["product", "order"]);
    expect(grantedKinds("read_orders")).toEqual(["order"]);
    expect(grantedKinds("read_themes")).toEqual([]);
  });

  it("tries every kind when the scope is not recorded", () => {
    expect(grantedKinds(null)).toEqual(["customer", "product", "order"]);
    expect(grantedKinds("")).toEqual(["customer", "product", "order"]);
  });
});
