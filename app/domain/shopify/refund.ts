// A refund, as refunds/create sends it and as it sits in an order's `refunds` array.
import { z } from "zod/v4";
import type { Refund } from "../types";
import { date, InvalidPayloadError, money, parsePayload, shopifyId, sum, text } from "./parse";

export const refundPayload = z
  .object({
    id: shopifyId,
    order_id: shopifyId,
    created_at: date,
    note: text,
    refund_line_items: z.array(
      z
        .object({ line_item_id: shopifyId, quantity: z.number().int(), subtotal: money, total_tax: money })
        .passthrough(),
    ),
    transactions: z.array(z.object({ kind: z.string(), status: z.string(), amount: money }).passthrough()),
  })
  .passthrough();

export function mapRefund(r: z.output<typeof refundPayload>): Refund {
  return {
    id: r.id,
    orderId: r.order_id,
    createdAt: r.created_at,
    note: r.note,
    lines: r.refund_line_items.map((l) => ({
      lineId: l.line_item_id,
      quantity: l.quantity,
      subtotal: l.subtotal,
      tax: l.total_tax,
    })),
    // Pending or failed refund transactions returned nothing (yet).
    amount: sum(r.transactions.filter((t) => t.kind === "refund" && t.status === "success").map((t) => t.amount)),
  };
}

const storedOrder = z
  .object({ id: shopifyId, updated_at: date, refunds: z.array(z.object({ id: shopifyId }).passthrough()).default([]) })
  .passthrough();

/**
 * The stored order payload with a refunds/create payload merged in (replacing a refund with the same
 * id, so applying twice changes nothing), for the order mapper to do the rest. `updated_at` moves up
 * to the refund's time so the result reads as newer than the order it came from.
 */
export function applyRefund(order: unknown, refund: unknown): Record<string, unknown> {
  const o = parsePayload(storedOrder, order);
  const r = parsePayload(refundPayload, refund);
  if (r.order_id !== o.id) throw new InvalidPayloadError("order_id", `refund is for order ${r.order_id}, not ${o.id}`);
  const rawOrder = order as { refunds?: { id: unknown }[]; updated_at: string };
  return {
    ...rawOrder,
    refunds: [...(rawOrder.refunds ?? []).filter((x) => String(x.id) !== r.id), refund],
    updated_at: r.created_at > o.updated_at ? (refund as { created_at: string }).created_at : rawOrder.updated_at,
  };
}
