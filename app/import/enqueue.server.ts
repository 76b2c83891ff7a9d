// Hands published records to one vendor's outbox in bounded chunks, keeping at most WINDOW of the
// import's rows waiting per connection: each vendor goes at its own pace (Ometria's 400 records/s
// does not hold Metrilo back), and a live webhook never queues behind more than one window.
// The outbox's updated_at rule keeps a live webhook's newer state over an older imported one.
import prisma from "../db.server";
import { notifyDue } from "../delivery/scheduler.server";
import { connectionWants } from "../delivery/plan.server";
import { Status } from "../delivery/states";
import { importWebhookId } from "./publish.server";
import { saveProgress } from "./stage.server";
import { IMPORT_TOPIC, IMPORT_TOPICS, KIND, type Resource } from "./resources";

const WINDOW = Number(process.env.CONDUIT_IMPORT_WINDOW ?? 2000);
const CHUNK = 500;
export const OUTSTANDING = [Status.pending, Status.retrying, Status.inFlight, Status.paused];

export interface Connection {
  id: string;
  vendor: string;
  enabled: boolean;
  sendOptions: string;
}

/** Import rows of this connection not settled yet. */
export const outstanding = (connectionId: string, since: Date, topics = IMPORT_TOPICS) =>
  prisma.delivery.count({ where: { connectionId, topic: { in: topics }, status: { in: OUTSTANDING }, createdAt: { gte: since } } });

/** Enqueues up to one window of `resource` for `conn` after its cursor; returns how many rows. */
export async function enqueueChunk(runId: string, since: Date, conn: Connection, resource: Resource, cursor: number): Promise<number> {
  const room = WINDOW - (await outstanding(conn.id, since));
  if (room < Math.min(CHUNK, WINDOW / 2)) return 0;
  const events = await prisma.webhookEvent.findMany({
    where: { webhookId: { gt: importWebhookId(runId, resource, cursor), lt: `import:${runId}:${resource}:~` } },
    orderBy: { webhookId: "asc" },
    take: Math.min(room, CHUNK),
    select: { id: true, shopId: true, webhookId: true, status: true, entityId: true, triggeredAt: true },
  });
  if (events.length === 0) return 0;
  const wanted = connectionWants(conn, KIND[resource], "upsert", IMPORT_TOPIC[resource]);
  const rows = events.filter((e) => wanted && e.status === "accepted" && e.entityId);
  const last = Number(events[events.length - 1].webhookId.split(":").pop());
  await prisma.$transaction(async (tx) => {
    await tx.delivery.createMany({
      data: rows.map((e) => ({
        shopId: e.shopId, connectionId: conn.id, vendor: conn.vendor, eventId: e.id, topic: IMPORT_TOPIC[resource],
        kind: KIND[resource], op: "upsert", entityId: e.entityId!, entityUpdatedAt: e.triggeredAt,
      })),
    });
    await saveProgress(runId, (p) => {
      const v = (p.vendors[conn.vendor][resource] ??= { cursor: -1, enqueued: 0 });
      v.cursor = last;
      v.enqueued += rows.length;
    }, tx);
  });
  if (rows.length > 0) notifyDue([conn.id]);
  return Math.max(rows.length, 1);
}
