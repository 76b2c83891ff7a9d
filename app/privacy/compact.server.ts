// After an erasure, the erased bytes must not stay readable in the database files.
// SQLite: every connection runs with secure_delete (app/db/sqlite.ts), so freed content is zeroed;
// a TRUNCATE checkpoint then moves the rewritten pages into the main file and empties the WAL,
// which still held the old page images. PostgreSQL keeps old row versions until VACUUM reclaims
// them: a plain VACUUM of the touched tables runs in the background (it blocks no reader or
// writer); what else a self-hoster must do is in the README ("How long data is kept").
import { setTimeout as sleep } from "node:timers/promises";
import prisma, { target } from "../db.server";
import { logger } from "../logger.server";

const TABLES = `"WebhookEvent", "Delivery", "DeliveryAttempt", "SyncState", "PrivacyRequest"`;

// One VACUUM at a time per process, however many erasures arrive: a burst must not take every
// pooled connection away from webhook intake. Erasures during a run ask for one more run after it.
let vacuuming = false;
let again = false;

async function vacuum(): Promise<void> {
  if (vacuuming) {
    again = true;
    return;
  }
  vacuuming = true;
  try {
    do {
      again = false;
      await prisma.$executeRawUnsafe(`VACUUM ${TABLES}`);
    } while (again);
  } catch (err) {
    logger.warn({ err }, "VACUUM after an erasure failed; autovacuum will reclaim the space");
  } finally {
    vacuuming = false;
  }
}

/** How long an erasure keeps asking SQLite to empty its WAL. */
const TRUNCATE_TRIES = 100;
const TRUNCATE_WAIT_MS = 100;

export async function compactAfterErasure(): Promise<void> {
  if (target.provider === "sqlite") {
    // TRUNCATE gives up (busy) while another checkpoint runs — the checkpoint thread's own pass
    // (app/db/checkpoints.ts), often, right after an erasure wrote much — or a reader holds an
    // old snapshot; the erased page images would then stay in the WAL file until overwritten.
    for (let i = 0; i < TRUNCATE_TRIES; i++) {
      const [result] = await prisma.$queryRawUnsafe<{ busy: number | bigint }[]>("PRAGMA wal_checkpoint(TRUNCATE)");
      if (Number(result?.busy ?? 0) === 0) return;
      await sleep(TRUNCATE_WAIT_MS);
    }
    logger.warn({ tries: TRUNCATE_TRIES }, "after an erasure the WAL could not be emptied; the next checkpoints overwrite it");
    return;
  }
  void vacuum();
}
