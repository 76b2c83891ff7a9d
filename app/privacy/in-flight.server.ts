// The delivery engine's one privacy check, after it drained a connection: a customers/redact that
// completed meanwhile must not be undone by a vendor call that was in flight. The call's outcome
// (sent body, answer) and the memory the connector wrote (Metrilo keys customers by email) are
// erased again. Redactions are recognised by the SHA-256 of the email their request keeps.
import prisma from "../db.server";
import { compactAfterErasure } from "./compact.server";
import { scrubErasedDeliveries } from "./scrub.server";
import { emailDigest } from "./subject";

/** Clock skew between processes, and a redaction committing a little after it was dated. */
const MARGIN_MS = 5 * 60_000;

export async function forgetRedactedDuring(connectionId: string, since: Date): Promise<void> {
  const from = new Date(since.getTime() - MARGIN_MS);
  const redactions = await prisma.privacyRequest.findMany({
    where: { topic: "customers/redact", completedAt: { gte: from }, shop: { connections: { some: { id: connectionId } } } },
    select: { report: true },
  });
  if (redactions.length === 0) return;
  const digests = new Set(redactions.map((r) => (JSON.parse(r.report ?? "{}") as { emailSha256?: string }).emailSha256).filter(Boolean));
  const touched = digests.size
    ? await prisma.syncState.findMany({ where: { connectionId, deliveredAt: { gte: from }, key: { contains: "@" } }, select: { id: true, key: true } })
    : [];
  const stale = touched.filter((s) => digests.has(emailDigest(s.key))).map((s) => s.id);
  if (stale.length) await prisma.syncState.deleteMany({ where: { id: { in: stale } } });
  const scrubbed = await scrubErasedDeliveries({ connectionId, updatedAt: { gte: from } });
  if (stale.length || scrubbed) await compactAfterErasure();
}
