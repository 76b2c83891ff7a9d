// Hands published records to one vendor's outbox in bounded chunks, keeping at most WINDOW of the
// import's rows waiting per connection: each vendor goes at its own pace (Ometria's 400 records/s
// does not hold Metrilo back), and a live webhook never queues behind more than one window.
// The outbox's updated_at rule keeps a live webhook's newer state over an older imported one.
import { target } from "../db.server";
import { param, placeholders, sqlDate } from "../db/sql.server";
import { inTransaction, query } from "../db/run.server";
import { notifyDue } from "../delivery/scheduler.server";
import { connectionWants } from "../delivery/plan.server";
import { Status } from "../delivery/states";
import { importWebhookId } from "./publish.server";
import { saveProgress } from "./progress.server";
import { IMPORT_TOPIC, IMPORT_TOPICS, KIND, type Resource } from "./resources";
import { envCount } from "../env";

const WINDOW = envCount("CONDUIT_IMPORT_WINDOW", 2000);
const CHUNK = 500;
export const OUTSTANDING = [Status.pending, Status.retrying, Status.inFlight, Status.paused];

export interface Connection {
  id: string;
  vendor: string;
  enabled: boolean;
  sendOptions: string;
}

/** Import rows of this connection not settled yet. */
export async function outstanding(connectionId: string, since: Date, topics = IMPORT_TOPICS): Promise<number> {
  const [row] = await query(
    `SELECT count(*) AS "n" FROM "Delivery" WHERE "connectionId" = ${param(1)} AND "createdAt" >= ${param(2)}
       AND "topic" IN (${placeholders(topics.length, 2)}) AND "status" IN (${placeholders(OUTSTANDING.length, 2 + topics.length)})`,
    [connectionId, sqlDate(since), ...topics, ...OUTSTANDING],
  );
  return Number(row.n);
}

// A cuid-shaped id made by the database, so that rows go from event to outbox without a round trip.
const NEW_ID = target.provider === "sqlite" ? `'c' || lower(hex(randomblob(12)))` : `'c' || substr(replace(gen_random_uuid()::text, '-', ''), 1, 24)`;

/**
 * A chunk's events into one vendor's outbox. The chunk is read by its webhookId range alone, in a
 * materialised CTE that the planner cannot fold its other conditions into: with them beside it, a
 * table never analysed (SQLite never analyses by itself; PostgreSQL not before autovacuum) had
 * its planner read every accepted event of the store through (status, receivedAt) for each
 * chunk, so each chunk cost more than the last — 37 % of the import worker's CPU at 100 000 orders.
 */
export const HAND_OVER = `WITH "chunk" AS MATERIALIZED (
    SELECT "id", "shopId", "topic", "entityId", "triggeredAt", "status" FROM "WebhookEvent" WHERE "webhookId" > ${param(1)} AND "webhookId" <= ${param(2)})
  INSERT INTO "Delivery" ("id", "shopId", "connectionId", "vendor", "eventId", "topic", "kind", "op", "entityId", "entityUpdatedAt", "status", "attempts", "nextAttemptAt", "createdAt", "updatedAt")
  SELECT ${NEW_ID}, "shopId", ${param(3)}, ${param(4)}, "id", "topic", ${param(5)}, 'upsert', "entityId", "triggeredAt", 'pending', 0, ${param(6)}, ${param(7)}, ${param(8)}
  FROM "chunk" WHERE "status" = 'accepted' AND "entityId" IS NOT NULL
  RETURNING "id"`;

/**
 * Enqueues up to one window of `resource` for `conn` after its cursor; returns how many rows (at
 * least 1 when the cursor moved over records this vendor does not get). One INSERT … SELECT: the
 * payloads never leave the database.
 */
export async function enqueueChunk(runId: string, since: Date, conn: Connection, resource: Resource, cursor: number): Promise<number> {
  const room = WINDOW - (await outstanding(conn.id, since));
  if (room < Math.min(CHUNK, WINDOW / 2)) return 0;
  const after = importWebhookId(runId, resource, cursor);
  const [range] = await query(
    `SELECT max("webhookId") AS "last" FROM (SELECT "webhookId" FROM "WebhookEvent" WHERE "webhookId" > ${param(1)} AND "webhookId" < ${param(2)} ORDER BY "webhookId" LIMIT ${Math.min(room, CHUNK)}) AS "next"`,
    [after, `import:${runId}:${resource}:~`],
  );
  if (!range?.last) return 0;
  const lastId = String(range.last);
  const wanted = connectionWants(conn, KIND[resource], "upsert", IMPORT_TOPIC[resource]);
  const now = sqlDate(new Date());
  const rows = await inTransaction(30_000, async (q) => {
    const inserted = !wanted ? [] : await q(HAND_OVER, [after, lastId, conn.id, conn.vendor, KIND[resource], now, now, now]);
    await saveProgress(runId, (p) => {
      const v = (p.vendors[conn.vendor][resource] ??= { cursor: -1, enqueued: 0 });
      v.cursor = Number(lastId.split(":").pop());
      v.enqueued += inserted.length;
    }, q);
    return inserted.length;
  });
  if (rows > 0) notifyDue([conn.id]);
  return Math.max(rows, 1);
}
