// customers/redact: erase the customer's personal data from stored events, outbox rows, attempt
// logs, vendor memory keyed by their email, and earlier privacy requests. Rows not yet sent are
// stopped (sending them would re-share erased data). The request itself is kept without the
// email: customer id, dates, counts and the email's SHA-256 prove it was honoured. When this runs:
// app/privacy/redaction.server.ts.
import { customerRecords, type Tx } from "./customer-records.server";
import type { Matcher } from "./search.server";
import { ERASED, erasedPayload } from "./erased";
import { forgetEmail } from "./scrub.server";
import type { Subject } from "./subject";

const UNSENT = ["pending", "retrying", "paused", "dead", "rejected"];

export async function redactCustomer(tx: Tx, shopId: string, s: Subject, match?: Matcher) {
  const found = await customerRecords(tx, shopId, s, match);
  for (const e of found.events) {
    await tx.webhookEvent.update({ where: { id: e.id }, data: { payload: erasedPayload(e.entityId) } });
  }
  const ids = found.deliveries.map((d) => d.id);
  await tx.delivery.updateMany({ where: { id: { in: ids } }, data: { sentBody: null, responseExcerpt: null, lastError: null } });
  await tx.delivery.updateMany({ where: { id: { in: ids }, status: { in: UNSENT } }, data: { status: "skipped", lastError: ERASED } });
  await tx.deliveryAttempt.updateMany({ where: { deliveryId: { in: ids } }, data: { response: null, error: null } });
  if (s.email) await forgetEmail(tx, shopId, s.email);
  // Earlier data requests of this customer: the email was kept to answer them; not any more.
  const earlier = await tx.privacyRequest.findMany({ where: { shopId, email: { not: null } }, select: { id: true, customerId: true, email: true } });
  const theirs = earlier.filter((r) => (s.customerId && r.customerId === s.customerId) || (s.email && r.email?.trim().toLowerCase() === s.email));
  await tx.privacyRequest.updateMany({ where: { id: { in: theirs.map((r) => r.id) } }, data: { email: null } });
  return { erasedEvents: found.events.length, erasedDeliveries: ids.length, eventIds: found.events.map((e) => e.id) };
}
