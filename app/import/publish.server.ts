// Joins staged children to their parents and stores each record as the intake stores a webhook:
// one event whose payload the GraphQL mappers read at delivery time. A page of parents at a time,
// each page committed with its checkpoint, so a restart neither loses nor repeats a record.
// Outbox rows come per vendor, at each vendor's pace (enqueue.server.ts).
import { insertRows, param, placeholders, rowId, sqlDate } from "../db/sql.server";
import { inTransaction, query } from "../db/run.server";
import { InvalidPayloadError } from "../domain/shopify/parse";
import { saveProgress } from "./progress.server";
import { childField, CONNECTIONS, IMPORT_TOPIC, type Resource } from "./resources";
import { describeImported } from "./topics";
import { envCount } from "../env";

const PAGE = envCount("CONDUIT_IMPORT_PAGE", 250);
const MAX_ERRORS = 50;

/** `import:<run>:<resource>:<seq>`, zero-padded so that the webhook id orders records as the file did. */
export const importWebhookId = (runId: string, resource: Resource, seq: number) => `import:${runId}:${resource}:${String(seq).padStart(10, "0")}`;

type Node = Record<string, unknown>;

/** A refund in a bulk result carries its total only (see bulkQuery): read it as one refund transaction. */
function completeRefunds(node: Node) {
  if (!Array.isArray(node.refunds)) return;
  node.refunds = (node.refunds as Node[]).map((r) =>
    r.refundLineItems || r.transactions
      ? r
      : { ...r, refundLineItems: { nodes: [] }, transactions: { nodes: r.totalRefundedSet ? [{ kind: "REFUND", status: "SUCCESS", amountSet: r.totalRefundedSet }] : [] } },
  );
}

/** The node the mappers read: each connection's children (in file order) as `{ nodes }`. */
export function assemble(resource: Resource, parent: Node, children: Node[]): Node {
  const node: Node = { ...parent };
  for (const field of CONNECTIONS[resource]) node[field] = { nodes: [] };
  for (const { __parentId: _, ...child } of children) {
    const field = childField(child);
    if (field && node[field]) (node[field] as { nodes: Node[] }).nodes.push(child);
  }
  if (resource === "orders") completeRefunds(node);
  return node;
}

const EVENT_COLUMNS = ["id", "shopId", "webhookId", "topic", "apiVersion", "triggeredAt", "receivedAt", "status", "rejectReason", "entityId", "payload"];

/** Publishes the next page of `resource`; returns false once every staged record is published. */
export async function publishPage(runId: string, shopId: string, resource: Resource, after: number): Promise<boolean> {
  const parents = await query(
    `SELECT "seq", "gid", "body" FROM "ImportLine" WHERE "runId" = ${param(1)} AND "resource" = ${param(2)} AND "parentId" IS NULL AND "seq" > ${param(3)} ORDER BY "seq" LIMIT ${PAGE}`,
    [runId, resource, after],
  ) as { seq: number; gid: string | null; body: string }[];
  if (parents.length === 0) return false;
  const gids = parents.flatMap((p) => (p.gid ? [p.gid] : []));
  // Sorted here, not by ORDER BY "seq": with it SQLite's planner walks the (run, resource, seq)
  // index over every line of the resource for each page instead of looking up the parents — a
  // whole-resource scan per page, quadratic in the store (25 ms a page at 20 000 orders).
  const children = gids.length === 0 ? [] : (await query(
    `SELECT "seq", "parentId", "body" FROM "ImportLine" WHERE "runId" = ${param(1)} AND "resource" = ${param(2)} AND "parentId" IN (${placeholders(gids.length, 2)})`,
    [runId, resource, ...gids],
  ) as { seq: number; parentId: string; body: string }[]).sort((a, b) => Number(a.seq) - Number(b.seq));
  const byParent = new Map<string, Node[]>();
  for (const c of children) {
    const list = byParent.get(c.parentId) ?? [];
    list.push(JSON.parse(c.body) as Node);
    byParent.set(c.parentId, list);
  }
  const errors: { id: string; reason: string }[] = [];
  const receivedAt = sqlDate(new Date());
  const events = parents.map((p) => {
    const seq = Number(p.seq);
    let payload = p.body;
    let reject: string | null = null;
    let entityId: string | null = null;
    let updatedAt: Date | null = null;
    try {
      const node = assemble(resource, JSON.parse(p.body) as Node, byParent.get(p.gid ?? "") ?? []);
      payload = JSON.stringify(node);
      const d = describeImported(resource, node);
      entityId = d.entityId ?? null;
      updatedAt = d.updatedAt ?? null;
    } catch (err) {
      if (!(err instanceof InvalidPayloadError) && !(err instanceof SyntaxError)) throw err;
      reject = `not a valid ${resource} record: ${err.message}`;
      errors.push({ id: p.gid ?? `line ${seq + 1}`, reason: reject });
    }
    // triggeredAt is the record's own version: the outbox keeps the newest state of a record by it.
    return [
      rowId(), shopId, importWebhookId(runId, resource, seq), IMPORT_TOPIC[resource], "bulk", updatedAt ? sqlDate(updatedAt) : null, receivedAt,
      reject ? "rejected" : "accepted", reject, entityId, payload,
    ];
  });
  await inTransaction(30_000, async (q) => {
    await insertRows(q, "WebhookEvent", EVENT_COLUMNS, events);
    await saveProgress(runId, (p) => {
      const r = p.resources[resource]!;
      r.published = Number(parents[parents.length - 1].seq);
      r.publishedCount += parents.length;
      r.unreadable += errors.length;
      r.errors = [...r.errors, ...errors].slice(0, MAX_ERRORS);
    }, q);
  });
  return true;
}
