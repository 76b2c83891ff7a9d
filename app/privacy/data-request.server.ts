// customers/data_request: record the request and what Conduit holds, for the merchant to
// answer the customer from the admin's Privacy page. Conduit itself sends nothing to anyone.
// The email is kept to answer them, until the customer is erased or the retention window ends.
import type { AfterStore } from "../webhooks/store.server";
import { customerRecords } from "./customer-records.server";
import { subjectOf, type PrivacyPayload } from "./subject";

const PRIVACY_TOPICS = ["customers/data_request", "customers/redact"];

export const onDataRequest: AfterStore = async (tx, { shopId, payload }) => {
  const subject = subjectOf(payload as PrivacyPayload);
  const found = await customerRecords(tx, shopId, subject);
  const byVendor: Record<string, Record<string, number>> = {};
  for (const d of found.deliveries) {
    byVendor[d.vendor] ??= {};
    byVendor[d.vendor][d.status] = (byVendor[d.vendor][d.status] ?? 0) + 1;
  }
  await tx.privacyRequest.create({
    data: {
      shopId,
      topic: "customers/data_request",
      customerId: subject.customerId,
      email: (payload as PrivacyPayload).customer?.email?.trim() || undefined,
      status: "completed",
      completedAt: new Date(),
      report: JSON.stringify({
        storedEvents: found.events
          .filter((e) => !PRIVACY_TOPICS.includes(e.topic))
          .map((e) => ({ topic: e.topic, entityId: e.entityId, receivedAt: e.receivedAt })),
        deliveriesByVendor: byVendor,
      }),
    },
  });
};
