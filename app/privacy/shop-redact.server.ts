// shop/redact arrives 48 h after uninstall: delete everything Conduit holds for the shop.
// Every table hangs off Shop with ON DELETE CASCADE; sessions are keyed by domain.
//
// In two steps, like customers/redact (received.server.ts): the webhook stores the request and is
// answered; the deletion follows. One cascading DELETE of a large shop inside the webhook's
// transaction took seconds (100 000 stored webhooks: 5.4 s on SQLite, past Shopify's 5 s), and on
// SQLite it held the one write lock, so every other shop's webhooks waited with it. The big
// tables go first, a chunk per transaction, with a rest between chunks on SQLite; the shop row
// (and this request with it) last. A process that stops part-way leaves the request "received",
// and a worker's sweep finishes it (unfinished.server.ts).
import { setTimeout as sleep } from "node:timers/promises";
import prisma, { target } from "../db.server";
import { placeholders } from "../db/sql.server";
import { logger } from "../logger.server";
import { forgetKnownShop } from "../webhooks/guard.server";
import { compactAfterErasure } from "./compact.server";
import { receiveInTwoSteps } from "./received.server";

/** Rows a transaction deletes: a chunk of 10 KB payloads, zeroed on SQLite (secure_delete), stays short. */
const CHUNK = target.provider === "sqlite" ? 500 : 2_000;

/** The large tables of a shop, children first, each as the SQL that names one chunk of its rows. */
const CHUNKS: [table: string, idsOf: string][] = [
  // Its attempt log goes with each outbox row (cascade).
  ["Delivery", `SELECT "id" FROM "Delivery" WHERE "shopId" = $shop LIMIT ${CHUNK}`],
  ["WebhookEvent", `SELECT "id" FROM "WebhookEvent" WHERE "shopId" = $shop LIMIT ${CHUNK}`],
  ["SyncState", `SELECT "id" FROM "SyncState" WHERE "connectionId" IN (SELECT "id" FROM "VendorConnection" WHERE "shopId" = $shop) LIMIT ${CHUNK}`],
  ["ImportLine", `SELECT "id" FROM "ImportLine" WHERE "runId" IN (SELECT "id" FROM "ImportRun" WHERE "shopId" = $shop) LIMIT ${CHUNK}`],
];

export const receiveShopRedact = (request: Request) => receiveInTwoSteps(request, "shop/redact", completeShopRedact);

/** Deletes the shop a received request names; true once done. Idempotent, and never throws. */
export async function completeShopRedact(id: string): Promise<boolean> {
  try {
    const request = await prisma.privacyRequest.findUnique({ where: { id }, select: { shopId: true, status: true, shop: { select: { domain: true } } } });
    if (request?.status !== "received") return false;
    const { shopId } = request;
    for (const [table, idsOf] of CHUNKS) {
      for (;;) {
        const started = Date.now();
        const ids = (await prisma.$queryRawUnsafe<{ id: string }[]>(idsOf.replace("$shop", placeholders(1, 0)), shopId)).map((r) => r.id);
        if (!ids.length) break;
        await prisma.$executeRawUnsafe(`DELETE FROM "${table}" WHERE "id" IN (${placeholders(ids.length, 0)})`, ...ids);
        // SQLite: each chunk held the write lock and the event loop; as long again for everyone else.
        if (target.provider === "sqlite") await sleep(Date.now() - started);
      }
    }
    await prisma.$transaction([prisma.shop.deleteMany({ where: { id: shopId } }), prisma.session.deleteMany({ where: { shop: request.shop.domain } })]);
    forgetKnownShop(request.shop.domain);
    // No copy of the shop's data left readable in the database files.
    await compactAfterErasure().catch((err) => logger.error({ err }, "shop/redact: compaction failed"));
    return true;
  } catch (err) {
    logger.error({ err, privacyRequest: id }, "shop/redact: the deletion failed; a worker's sweep tries again");
    return false;
  }
}
