// Finds what Conduit holds on one customer of one shop: the stored webhook events about them
// (their customer record, the orders Shopify names, anything carrying their email) and the
// outbox rows built from those events.
import type { AfterStore } from "../webhooks/store.server";

type Tx = Parameters<AfterStore>[0];

export interface PrivacyPayload {
  customer?: { id?: number | string; email?: string | null; phone?: string | null };
  orders_requested?: (number | string)[];
  orders_to_redact?: (number | string)[];
}

export async function customerRecords(tx: Tx, shopId: string, payload: PrivacyPayload) {
  const customerId = payload.customer?.id != null ? String(payload.customer.id) : undefined;
  const email = payload.customer?.email?.trim() || undefined;
  const orderIds = (payload.orders_requested ?? payload.orders_to_redact ?? []).map(String);
  const events = await tx.webhookEvent.findMany({
    where: {
      shopId,
      OR: [
        ...(customerId ? [{ topic: { startsWith: "customers/" }, entityId: customerId }] : []),
        ...(orderIds.length ? [{ entityId: { in: orderIds }, NOT: { topic: { startsWith: "customers/" } } }] : []),
        ...(email ? [{ payload: { contains: email } }] : []),
      ],
    },
    select: { id: true, topic: true, entityId: true, receivedAt: true },
  });
  const deliveries = await tx.delivery.findMany({
    where: { eventId: { in: events.map((e) => e.id) } },
    select: { id: true, vendor: true, kind: true, entityId: true, status: true },
  });
  return { customerId, email, orderIds, events, deliveries };
}
