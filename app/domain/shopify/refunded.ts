// What refunds took off one order line, from the canonical refunds: the same whichever source
// (webhook or Admin API) the order came from.
import type { Refund } from "../types";
import { sum } from "./parse";

export function refundedOnLine(lineId: string, refunds: Refund[]): { refundedQuantity: number; refundedAmount: number } {
  const lines = refunds.flatMap((r) => r.lines).filter((rl) => rl.lineId === lineId);
  return {
    refundedQuantity: lines.reduce((n, rl) => n + rl.quantity, 0),
    // Net of discount, excluding tax: what the refund takes off the line's revenue.
    refundedAmount: sum(lines.map((rl) => rl.subtotal)),
  };
}
