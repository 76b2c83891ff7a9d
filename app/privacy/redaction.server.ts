// customers/redact in two steps, so that the erasure never holds Shopify's webhook (at 20 000
// stored events an erasure inside the webhook's transaction took about a second under load):
// the webhook's transaction stores the request as "received", naming the stored event that carries
// the customer's details, and the erasure starts once the webhook is answered. A process that
// dies in between leaves the request "received"; every worker's sweep finishes such requests.
import prisma, { target } from "../db.server";
import { logger } from "../logger.server";
import type { AfterStore } from "../webhooks/store.server";
import { compactAfterErasure } from "./compact.server";
import { customerRecords, type Tx } from "./customer-records.server";
import { redactCustomer } from "./customer-redact.server";
import { readAhead } from "./read-ahead.server";
import { forgetEmail, scrubErasedDeliveries } from "./scrub.server";
import { emailDigest, subjectOf, type PrivacyPayload } from "./subject";

// An erasure is one transaction over everything held on the customer: allow it more than
// Prisma's 5 s default on a busy database.
const ERASURE_TIMEOUT_MS = 120_000;

export function customerRedaction() {
  let requestId: string | undefined;
  const inTransaction: AfterStore = async (tx, { shopId, payload, eventId }) => {
    const subject = subjectOf(payload as PrivacyPayload);
    requestId = (await tx.privacyRequest.create({ data: { shopId, topic: "customers/redact", customerId: subject.customerId, eventId } })).id;
  };
  /** Starts the erasure and does not wait for it: the webhook is answered meanwhile. */
  const afterCommit = () => {
    if (requestId) void completeRedaction(requestId);
  };
  return { inTransaction, afterCommit };
}

/** Erases what a received request names; true once done. Idempotent, and never throws. */
export async function completeRedaction(id: string): Promise<boolean> {
  try {
    const request = await prisma.privacyRequest.findUnique({ where: { id }, select: { shopId: true, status: true, eventId: true } });
    if (request?.status !== "received") return false;
    const event = request.eventId ? await prisma.webhookEvent.findUnique({ where: { id: request.eventId }, select: { payload: true } }) : null;
    const subject = subjectOf(JSON.parse(event?.payload ?? "{}") as PrivacyPayload);
    const { shopId } = request;
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

/** How long a request may stay "received" before a sweep takes it over from the webhook's own process. */
const LEFT_AFTER_MS = 30_000;
const LOOK_EVERY_MS = 10_000;
let lastLook = 0;

/** Called by every sweep: finishes erasures whose process died before doing them. */
export async function finishLeftRedactions(now = new Date()): Promise<number> {
  if (now.getTime() - lastLook < LOOK_EVERY_MS) return 0;
  lastLook = now.getTime();
  try {
    const left = await prisma.privacyRequest.findMany({
      where: { topic: "customers/redact", status: "received", receivedAt: { lt: new Date(now.getTime() - LEFT_AFTER_MS) } },
      select: { id: true },
      orderBy: { receivedAt: "asc" },
      take: 20,
    });
    let done = 0;
    for (const r of left) if (await completeRedaction(r.id)) done++;
    if (done) logger.info({ done }, "customers/redact: finished erasures left by a stopped process");
    return done;
  } catch (err) {
    // The database is away: the sweep's own failure already says so, once per wait.
    logger.debug({ err }, "customers/redact: could not look for unfinished erasures");
    return 0;
  }
}
