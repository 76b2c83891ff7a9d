// The Admin API side of an import: start a bulk query, learn when it ended (the stored
// bulk_operations/finish webhook, or polling bulkOperation(id:) when that never came), and open
// its JSONL result as a stream — asking for a fresh URL when the one we had expired.
import { Readable } from "node:stream";
import { z } from "zod";
import prisma from "../db.server";
import { ADMIN_API_VERSION } from "../reconcile/config";
import { adminEndpoint, AdminApiError, adminGraphql } from "../shopify/admin-graphql.server";
import { offlineSessionId } from "../shopify/offline-session";
import { bulkQuery, type Resource } from "./resources";

export class ImportSourceError extends Error {}

const RUN = `mutation ImportBulkRun($query: String!) {
  bulkOperationRunQuery(query: $query, groupObjects: false) { bulkOperation { id status } userErrors { field message } }
}`;
const STATUS = `query ImportBulkOperation($id: ID!) {
  bulkOperation(id: $id) { id status errorCode objectCount url partialDataUrl }
}`;

const operation = z.object({ id: z.string(), status: z.string(), errorCode: z.string().nullish(), objectCount: z.string().nullish(), url: z.string().nullish() });
export type BulkState = z.output<typeof operation>;

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

export interface AdminAccess {
  endpoint: string;
  accessToken: string;
  timeoutMs: number;
  scope: string;
}

export async function adminAccess(shop: string): Promise<AdminAccess> {
  const session = await prisma.session.findUnique({ where: { id: offlineSessionId(shop) } });
  if (!session) throw new ImportSourceError(`no offline session for ${shop}: open the app in the shop's admin once, or import --from-file`);
  return { endpoint: adminEndpoint(shop, ADMIN_API_VERSION), accessToken: session.accessToken, timeoutMs: 30_000, scope: session.scope ?? "" };
}

/** One call, waiting out THROTTLED for as long as throttleStatus says (a few times at most). */
async function call<S extends z.ZodTypeAny>(access: AdminAccess, query: string, variables: Record<string, unknown>, schema: S): Promise<z.output<S>> {
  for (let attempt = 0; ; attempt++) {
    try {
      return await adminGraphql(access, query, variables, schema);
    } catch (err) {
      const retryable = err instanceof AdminApiError && (err.code === "throttled" || err.code === "network" || (err.code === "http" && (err.details.status ?? 0) >= 500));
      if (!retryable || attempt >= 8) throw err;
      await sleep(Math.min(30_000, (err as AdminApiError).details.retryAfterMs ?? 1000 * 2 ** Math.min(attempt, 4)));
    }
  }
}

// Since 2026-11-07 a Partner app runs bulk queries only once allowed in the Partner Dashboard, and
// loses that after 31 days without one: Shopify then answers ACCESS_DENIED, which otherwise reads
// like a missing scope. The one who can fix it is whoever owns the app, so the error says where.
const BULK_ACCESS_HINT =
  "Shopify denied the bulk query. If this app has no bulk-query access (Partner Dashboard → Apps → this app → API access requests → " +
  "Run bulk operations → Allow bulk queries; it lapses after 31 days without a bulk query), allow it and start the import again; " +
  "or import bulk-export files with --from-file.";

export async function startBulk(access: AdminAccess, resource: Resource, since?: Date): Promise<string> {
  const data = await call(access, RUN, { query: bulkQuery(resource, since) }, z.object({
    bulkOperationRunQuery: z.object({ bulkOperation: z.object({ id: z.string() }).nullable(), userErrors: z.array(z.object({ message: z.string() })) }),
  })).catch((err) => {
    if (err instanceof AdminApiError && err.details.codes?.includes("ACCESS_DENIED")) throw new ImportSourceError(`${BULK_ACCESS_HINT} (${err.message})`);
    throw err;
  });
  const { bulkOperation, userErrors } = data.bulkOperationRunQuery;
  if (!bulkOperation) throw new ImportSourceError(`Shopify refused the ${resource} bulk query: ${userErrors.map((e) => e.message).join("; ")}`);
  return bulkOperation.id;
}

export async function bulkState(access: AdminAccess, id: string): Promise<BulkState> {
  const data = await call(access, STATUS, { id }, z.object({ bulkOperation: operation.nullable() }));
  if (!data.bulkOperation) throw new ImportSourceError(`bulk operation ${id} is unknown to Shopify`);
  return data.bulkOperation;
}

/** Whether Shopify's bulk_operations/finish webhook for `id` was stored (its delivery is not guaranteed). */
export async function finishReceived(shopId: string, id: string): Promise<boolean> {
  const hook = await prisma.webhookEvent.findFirst({ where: { shopId, topic: "bulk_operations/finish", payload: { contains: `"${id}"` } }, select: { id: true } });
  return hook !== null;
}

/** The result as a stream of bytes; an expired or refused URL is asked for again (a few times). */
export async function openResult(access: AdminAccess, id: string): Promise<Readable | null> {
  for (let attempt = 0; attempt < 3; attempt++) {
    const state = await bulkState(access, id);
    if (!state.url) return null; // No results: Shopify gives no file.
    const res = await fetch(state.url).catch((err: Error) => {
      throw new ImportSourceError(`could not download the bulk result: ${err.message}`);
    });
    if (res.ok && res.body) return Readable.fromWeb(res.body as import("node:stream/web").ReadableStream);
    await res.body?.cancel();
    if (res.status !== 403 && res.status !== 404 && res.status !== 410) throw new ImportSourceError(`bulk result download answered ${res.status}`);
  }
  throw new ImportSourceError("the bulk result URL kept expiring");
}
