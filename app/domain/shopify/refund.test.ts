import { describe, expect, it } from "vitest";
import { fixture } from "../../../test/fixtures/shopify";
import { adaRefund } from "../../../test/fixtures/shopify/expected";
import { mapOrder } from "./order";
import { applyRefund } from "./refund";

describe("applyRefund", () => {
  it("adds the refund to the stored order and dates the order by it", () => {
    const order = mapOrder(applyRefund(fixture("orders-updated"), fixture("refunds-create")));
    expect(order.refunds).toEqual([adaRefund]);
    expect(order.totalRefunded).toBe(51.97);
    expect(order.lines[0]).toMatchObject({ quantity: 2, refundedQuantity: 1, refundedAmount: 44.55 });
    expect(order.updatedAt).toEqual(new Date("2026-11-06T15:20:00Z"));
  });

  it("is idempotent by refund id, and a resent refund replaces the earlier copy", () => {
    const once = applyRefund(fixture("orders-updated"), fixture("refunds-create"));
    expect(applyRefund(once, fixture("refunds-create"))).toEqual(once);
    const edited = { ...fixture("refunds-create"), note: "Exchanged" };
    expect(mapOrder(applyRefund(once, edited)).refunds.map((r) => r.note)).toEqual(["Exchanged"]);
  });

  it("keeps a newer order's updated_at and leaves its input untouched", () => {
    const order = { ...fixture("orders-updated"), updated_at: "2026-11-07T09:00:00+01:00" };
    const copy = structuredClone(order);
    expect(applyRefund(order, fixture("refunds-create")).updated_at).toBe("2026-11-07T09:00:00+01:00");
    expect(order).toEqual(copy);
  });

  it("counts only successful refund transactions", () => {
    const refund = fixture("refunds-create");
    refund.transactions[0].status = "pending";
    expect(mapOrder(applyRefund(fixture("orders-create"), refund)).totalRefunded).toBe(0);
  });

  it("refuses a refund of another order or an invalid one", () => {
    expect(() => applyRefund(fixture("orders-create-guest"), fixture("refunds-create"))).toThrow(
      "order_id: refund is for order 5901234567890, not 5901234567891",
    );
    const refund = fixture("refunds-create");
    refund.refund_line_items[0].quantity = null;
    expect(() => applyRefund(fixture("orders-create"), refund)).toThrow(
      "refund_line_items.0.quantity: Expected number, received null",
    );
  });
});
