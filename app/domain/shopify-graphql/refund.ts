// An order's Refund node → Refund. Only successful REFUND transactions count as money returned.
import { z } from "zod/v4";
import type { Refund } from "../types";
import { date, gid, nodes, shopMoney, sum, text } from "./parse";

export const refundNode = z
  .object({
    id: gid,
    createdAt: date,
    note: text,
    refundLineItems: nodes(
      z
        .object({ lineItem: z.object({ id: gid }).passthrough(), quantity: z.number().int(), subtotalSet: shopMoney, totalTaxSet: shopMoney })
        .passthrough(),
    ),
    transactions: nodes(z.object({ kind: z.string(), status: z.string(), amountSet: shopMoney }).passthrough()),
  })
  .passthrough();

export function mapRefundNode(r: z.output<typeof refundNode>, orderId: string): Refund {
  return {
    id: r.id,
    orderId,
    createdAt: r.createdAt,
    note: r.note,
    lines: r.refundLineItems.map((l) => ({ lineId: l.lineItem.id, quantity: l.quantity, subtotal: l.subtotalSet, tax: l.totalTaxSet })),
    amount: sum(r.transactions.filter((t) => t.kind === "REFUND" && t.status === "SUCCESS").map((t) => t.amountSet)),
  };
}
