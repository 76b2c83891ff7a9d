// customers/redact: erase the customer's personal data from stored events and outbox rows.
// Rows not yet sent are stopped (sending them would re-share erased data); the request is kept,
// by customer id only, so the merchant can see it was honoured.
import type { AfterStore } from "../webhooks/store.server";
import { customerRecords, type PrivacyPayload } from "./customer-records.server";

const ERASED = "customer data erased (customers/redact)";

export const onCustomerRedact: AfterStore = async (tx, { shopId, payload }) => {
  const found = await customerRecords(tx, shopId, payload as PrivacyPayload);
  for (const e of found.events) {
    await tx.webhookEvent.update({
      where: { id: e.id },
      data: { payload: JSON.stringify({ redacted: true, id: e.entityId }) },
    });
  }
  const ids = found.deliveries.map((d) => d.id);
  await tx.delivery.updateMany({ where: { id: { in: ids } }, data: { sentBody: null, responseExcerpt: null, lastError: null } });
  await tx.delivery.updateMany({
    where: { id: { in: ids }, status: { in: ["pending", "retrying", "paused", "dead", "rejected"] } },
    data: { status: "skipped", lastError: ERASED },
  });
  await tx.deliveryAttempt.updateMany({ where: { deliveryId: { in: ids } }, data: { response: null, error: null } });
  if (found.email) {
    await tx.syncState.deleteMany({ where: { connection: { shopId }, key: found.email } });
  }
  await tx.privacyRequest.create({
    data: {
      shopId,
      topic: "customers/redact",
      customerId: found.customerId,
      status: "completed",
      completedAt: new Date(),
      report: JSON.stringify({ erasedEvents: found.events.length, erasedDeliveries: ids.length }),
    },
  });
};
