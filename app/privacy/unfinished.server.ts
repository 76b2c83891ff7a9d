// Privacy requests whose webhook's process stopped between storing and completing them
// (received.server.ts): every sweep finishes them, oldest first.
import prisma from "../db.server";
import { logger } from "../logger.server";
import { completeDataRequest } from "./data-request.server";
import { completeRedaction } from "./redaction.server";
import { completeShopRedact } from "./shop-redact.server";

const COMPLETE: Record<string, (id: string) => Promise<boolean>> = {
  "customers/redact": completeRedaction,
  "customers/data_request": completeDataRequest,
  "shop/redact": completeShopRedact,
};

/** How long a request may stay "received" before a sweep takes it over from the webhook's own process. */
const LEFT_AFTER_MS = 30_000;
const LOOK_EVERY_MS = 10_000;
let lastLook = 0;

/** Called by every sweep; resolves to how many it finished, and never throws. */
export async function finishLeftRequests(now = new Date()): Promise<number> {
  if (now.getTime() - lastLook < LOOK_EVERY_MS) return 0;
  lastLook = now.getTime();
  try {
    const left = await prisma.privacyRequest.findMany({
      where: { topic: { in: Object.keys(COMPLETE) }, status: "received", receivedAt: { lt: new Date(now.getTime() - LEFT_AFTER_MS) } },
      select: { id: true, topic: true },
      orderBy: { receivedAt: "asc" },
      take: 20,
    });
    let done = 0;
    for (const r of left) if (await COMPLETE[r.topic](r.id)) done++;
    if (done) logger.info({ done }, "privacy: finished requests left by a stopped process");
    return done;
  } catch (err) {
    // The database is away: the sweep's own failure already says so, once per wait.
    logger.debug({ err }, "privacy: could not look for unfinished requests");
    return 0;
  }
}
