// customers/redact in two steps (received.server.ts), so that the erasure never holds Shopify's
// webhook: at 20 000 stored events an erasure inside the webhook's transaction took about a
// second under load.
import prisma, { target } from "../db.server";
import { logger } from "../logger.server";
import { compactAfterErasure } from "./compact.server";
import { customerRecords, type Tx } from "./customer-records.server";
import { redactCustomer } from "./customer-redact.server";
import { readAhead } from "./read-ahead.server";
import { receivedRequest, receiveInTwoSteps } from "./received.server";
import { forgetEmail, scrubErasedDeliveries } from "./scrub.server";
import { emailDigest } from "./subject";

// An erasure is one transaction over everything held on the customer: allow it more than
// Prisma's 5 s default on a busy database.
const ERASURE_TIMEOUT_MS = 120_000;

export const receiveRedaction = (request: Request) => receiveInTwoSteps(request, "customers/redact", completeRedaction);

/** Erases what a received request names; true once done. Idempotent, and never throws. */
export async function completeRedaction(id: string): Promise<boolean> {
  try {
    const request = await receivedRequest(id);
    if (!request) return false;
    const { shopId, subject } = request;
    // On SQLite the search is read ahead, in chunks, so that the transaction is short (read-ahead.server.ts).
    const ahead = target.provider === "sqlite" ? readAhead(shopId) : undefined;
    if (ahead) await customerRecords(prisma as unknown as Tx, shopId, subject, ahead.read);
    const erased = await prisma.$transaction(async (tx) => {
      const { eventIds, ...counts } = await redactCustomer(tx, shopId, subject, ahead?.inTransaction(tx));
      const report = JSON.stringify({ ...counts, ...(subject.email ? { emailSha256: emailDigest(subject.email) } : {}) });
      await tx.privacyRequest.updateMany({ where: { id, status: "received" }, data: { status: "completed", completedAt: new Date(), report } });
      return eventIds;
    }, { timeout: ERASURE_TIMEOUT_MS, maxWait: ERASURE_TIMEOUT_MS });
    // A vendor call in flight meanwhile may have written the email back (its worker checks too:
    // app/privacy/in-flight.server.ts); then the erased bytes are compacted out of the files.
    if (subject.email) await forgetEmail(undefined, shopId, subject.email);
    // The rows of the events erased here, not of the shop's every event (a scan of all its payloads).
    await scrubErasedDeliveries({ shopId, eventId: { in: erased } });
    await compactAfterErasure();
    return true;
  } catch (err) {
    logger.error({ err, privacyRequest: id }, "customers/redact: the erasure failed; a worker's sweep tries again");
    return false;
  }
}
