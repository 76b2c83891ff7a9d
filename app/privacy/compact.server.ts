// After an erasure, the erased bytes must not stay readable in the database files.
// SQLite: every connection runs with secure_delete (app/db/sqlite.ts), so freed content is zeroed;
// a TRUNCATE checkpoint then moves the rewritten pages into the main file and empties the WAL,
// which still held the old page images. PostgreSQL keeps old row versions until VACUUM reclaims
// them: a plain VACUUM of the touched tables runs in the background (it blocks no reader or
// writer); what else a self-hoster must do is in the README ("How long data is kept").
import prisma, { target } from "../db.server";
import { logger } from "../logger.server";

const TABLES = `"WebhookEvent", "Delivery", "DeliveryAttempt", "SyncState", "PrivacyRequest"`;

export async function compactAfterErasure(): Promise<void> {
  if (target.provider === "sqlite") {
    await prisma.$queryRawUnsafe("PRAGMA wal_checkpoint(TRUNCATE)");
    return;
  }
  void prisma.$executeRawUnsafe(`VACUUM ${TABLES}`).catch((err) => logger.warn({ err }, "VACUUM after an erasure failed; autovacuum will reclaim the space"));
}
