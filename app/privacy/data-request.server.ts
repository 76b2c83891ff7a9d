// customers/data_request: record the request and what Conduit holds, for the merchant to
// answer the customer from the admin's Privacy page. Conduit itself sends nothing to anyone.
import type { AfterStore } from "../webhooks/store.server";
import { customerRecords, type PrivacyPayload } from "./customer-records.server";

export const onDataRequest: AfterStore = async (tx, { shopId, payload }) => {
  const found = await customerRecords(tx, shopId, payload as PrivacyPayload);
  const byVendor: Record<string, Record<string, number>> = {};
  for (const d of found.deliveries) {
    byVendor[d.vendor] ??= {};
    byVendor[d.vendor][d.status] = (byVendor[d.vendor][d.status] ?? 0) + 1;
  }
  await tx.privacyRequest.create({
    data: {
      shopId,
      topic: "customers/data_request",
      customerId: found.customerId,
      email: found.email,
      status: "completed",
      completedAt: new Date(),
      report: JSON.stringify({
        storedEvents: found.events.map((e) => ({ topic: e.topic, entityId: e.entityId, receivedAt: e.receivedAt })),
        deliveriesByVendor: byVendor,
      }),
    },
  });
};
