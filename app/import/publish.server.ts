// Joins staged children to their parents and stores each record as the intake stores a webhook:
// one event whose payload the GraphQL mappers read at delivery time. A page of parents at a time,
// each page committed with its checkpoint, so a restart neither loses nor repeats a record.
// Outbox rows come per vendor, at each vendor's pace (enqueue.server.ts).
import { randomUUID } from "node:crypto";
import prisma from "../db.server";
import { InvalidPayloadError } from "../domain/shopify/parse";
import { saveProgress } from "./stage.server";
import { childField, CONNECTIONS, IMPORT_TOPIC, type Resource } from "./resources";
import { describeImported } from "./topics";

const PAGE = Number(process.env.CONDUIT_IMPORT_PAGE ?? 250);
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

/** Publishes the next page of `resource`; returns false once every staged record is published. */
export async function publishPage(runId: string, shopId: string, resource: Resource, after: number): Promise<boolean> {
  const parents = await prisma.importLine.findMany({
    where: { runId, resource, parentId: null, seq: { gt: after } },
    orderBy: { seq: "asc" },
    take: PAGE,
  });
  if (parents.length === 0) return false;
  const gids = parents.flatMap((p) => (p.gid ? [p.gid] : []));
  const children = await prisma.importLine.findMany({
    where: { runId, resource, parentId: { in: gids } },
    orderBy: { seq: "asc" },
    select: { parentId: true, body: true },
  });
  const byParent = new Map<string, Node[]>();
  for (const c of children) {
    const list = byParent.get(c.parentId!) ?? [];
    list.push(JSON.parse(c.body) as Node);
    byParent.set(c.parentId!, list);
  }
  const errors: { id: string; reason: string }[] = [];
  const events = parents.map((p) => {
    let payload = p.body;
    let reject: string | undefined;
    let entityId: string | undefined;
    let updatedAt: Date | null = null;
    try {
      const node = assemble(resource, JSON.parse(p.body) as Node, byParent.get(p.gid ?? "") ?? []);
      payload = JSON.stringify(node);
      const d = describeImported(resource, node);
      entityId = d.entityId;
      updatedAt = d.updatedAt;
    } catch (err) {
      if (!(err instanceof InvalidPayloadError) && !(err instanceof SyntaxError)) throw err;
      reject = `not a valid ${resource} record: ${err.message}`;
      errors.push({ id: p.gid ?? `line ${p.seq + 1}`, reason: reject });
    }
    return {
      id: randomUUID(),
      shopId,
      webhookId: importWebhookId(runId, resource, p.seq),
      topic: IMPORT_TOPIC[resource],
      apiVersion: "bulk",
      // The record's own version: the outbox keeps the newest state of a record by it.
      triggeredAt: updatedAt ?? undefined,
      status: reject ? "rejected" : "accepted",
      rejectReason: reject,
      entityId,
      payload,
    };
  });
  await prisma.$transaction(async (tx) => {
    await tx.webhookEvent.createMany({ data: events });
    await saveProgress(runId, (p) => {
      const r = p.resources[resource]!;
      r.published = parents[parents.length - 1].seq;
      r.publishedCount += parents.length;
      r.unreadable += errors.length;
      r.errors = [...r.errors, ...errors].slice(0, MAX_ERRORS);
    }, tx);
  });
  return true;
}
