// customers/data_request: record the request and what Conduit holds, for the merchant to
// answer the customer from the admin's Privacy page. Conduit itself sends nothing to anyone.
// The email is kept to answer them, until the customer is erased or the retention window ends.
// The report is written after the webhook is answered (received.server.ts): on SQLite the
// search of 20 000 stored webhooks inside the webhook's transaction held its answer, and every
// other request of the process, about 0.3 s.
import prisma, { target } from "../db.server";
import { logger } from "../logger.server";
import { customerRecords, type Tx } from "./customer-records.server";
import { receivedRequest, receiveInTwoSteps } from "./received.server";
import { chunkedSearch } from "./search.server";

const PRIVACY_TOPICS = ["customers/data_request", "customers/redact"];

export const receiveDataRequest = (request: Request) =>
  receiveInTwoSteps(request, "customers/data_request", completeDataRequest, (p) => p.customer?.email?.trim() || undefined);

/**
 * Writes the report of a received request; true once done. Idempotent, and never throws. The
 * report is what was held while it was read: a webhook stored meanwhile may or may not be in it.
 */
export async function completeDataRequest(id: string): Promise<boolean> {
  try {
    const request = await receivedRequest(id);
    if (!request) return false;
    const { shopId, subject } = request;
    // With rests on SQLite, so that the web process goes on answering (search.server.ts).
    const match = chunkedSearch(prisma, shopId, { rest: target.provider === "sqlite" });
    const found = await customerRecords(prisma as unknown as Tx, shopId, subject, match);
    const byVendor: Record<string, Record<string, number>> = {};
    for (const d of found.deliveries) {
      byVendor[d.vendor] ??= {};
      byVendor[d.vendor][d.status] = (byVendor[d.vendor][d.status] ?? 0) + 1;
    }
    const report = JSON.stringify({
      storedEvents: found.events
        .filter((e) => !PRIVACY_TOPICS.includes(e.topic))
        .map((e) => ({ topic: e.topic, entityId: e.entityId, receivedAt: e.receivedAt })),
      deliveriesByVendor: byVendor,
    });
    await prisma.privacyRequest.updateMany({ where: { id, status: "received" }, data: { status: "completed", completedAt: new Date(), report } });
    return true;
  } catch (err) {
    logger.error({ err, privacyRequest: id }, "customers/data_request: the report failed; a worker's sweep tries again");
    return false;
  }
}
