// Bulk operations as Shopify runs them (API 2026-10): `bulkOperationRunQuery` starts one (at most
// five at once per shop), `bulkOperation(id:)` reports it, the result is written to a JSONL file
// served at a signed URL that expires, and `bulk_operations/finish` is posted (HMAC-signed) when it
// ends. Failures, slow operations and expired URLs come on demand.
import { createHmac, randomUUID } from "node:crypto";
import { createReadStream, createWriteStream, mkdtempSync, rmSync } from "node:fs";
import { once } from "node:events";
import { tmpdir } from "node:os";
import { join } from "node:path";
import type { SimRequest, SimResponse } from "../base";
import { bulkLines, recordCount, type BulkResource, type StoreSize } from "./generate";
import type { Operation } from "./store";

export interface BulkOptions {
  /** How long an operation stays RUNNING before its file is written (default 100 ms). */
  runningMs?: number;
  /** Where to post `bulk_operations/finish`, signed with `secret`, as `shop`. */
  webhook?: { url: string; secret: string; shop: string };
  /** false: the app was never allowed bulk queries in the Partner Dashboard (or lost it after 31 idle days). */
  queriesAllowed?: boolean;
}

interface BulkOp {
  id: string;
  status: "CREATED" | "RUNNING" | "COMPLETED" | "FAILED" | "CANCELED" | "EXPIRED";
  errorCode: string | null;
  objectCount: number;
  fileSize: number;
  file?: string;
  token?: string;
  createdAt: string;
  completedAt: string | null;
  query: string;
}

const RESOURCES: BulkResource[] = ["customers", "collections", "products", "orders"];
const ACTIVE = new Set(["CREATED", "RUNNING"]);

export function bulkOperations(baseUrl: () => string) {
  let size: StoreSize = { customers: 0, collections: 0, products: 0, variantsPerProduct: 1, orders: 0 };
  let opts: BulkOptions = {};
  const ops = new Map<string, BulkOp>();
  const failures: string[] = [];
  const dir = mkdtempSync(join(tmpdir(), "conduit-bulk-"));
  let seq = 0;
  let closed = false;

  async function finish(op: BulkOp, resource: BulkResource, since: Date | undefined) {
    await new Promise((r) => setTimeout(r, opts.runningMs ?? 100));
    if (closed || !ops.has(op.id)) return;
    op.status = "RUNNING";
    const failure = failures.shift();
    if (failure) {
      Object.assign(op, { status: "FAILED", errorCode: failure, completedAt: new Date().toISOString() });
    } else {
      const file = join(dir, `${op.id.split("/").pop()}.jsonl`);
      const out = createWriteStream(file);
      for (const line of bulkLines(size, resource, since)) {
        op.fileSize += line.length + 1;
        if (!out.write(`${line}\n`)) await once(out, "drain");
      }
      out.end();
      await once(out, "finish");
      const count = recordCount(size, resource, since);
      Object.assign(op, { status: "COMPLETED", objectCount: count, file, token: randomUUID(), completedAt: new Date().toISOString() });
    }
    const hook = opts.webhook;
    if (!hook) return;
    const body = JSON.stringify({
      admin_graphql_api_id: op.id, completed_at: op.completedAt, created_at: op.createdAt,
      error_code: op.errorCode?.toLowerCase() ?? null, status: op.status.toLowerCase(), type: "query",
    });
    await fetch(hook.url, {
      method: "POST",
      headers: {
        "content-type": "application/json",
        "x-shopify-hmac-sha256": createHmac("sha256", hook.secret).update(body).digest("base64"),
        "x-shopify-topic": "bulk_operations/finish",
        "x-shopify-shop-domain": hook.shop,
        "x-shopify-api-version": "2026-10",
        "x-shopify-webhook-id": randomUUID(),
        "x-shopify-event-id": randomUUID(),
        "x-shopify-triggered-at": new Date().toISOString(),
      },
      body,
    }).catch(() => undefined); // Delivery is not guaranteed: the app polls too.
  }

  const view = (op: BulkOp) => ({
    id: op.id, status: op.status, errorCode: op.errorCode, objectCount: String(op.objectCount), fileSize: String(op.fileSize),
    createdAt: op.createdAt, completedAt: op.completedAt, query: op.query,
    url: op.status === "COMPLETED" && op.objectCount > 0 ? `${baseUrl()}/_bulk/${op.id.split("/").pop()}.jsonl?token=${op.token}` : null,
  });

  const operations: Record<string, Operation> = {
    ImportBulkRun: {
      requested: 10,
      answer(_store, vars) {
        const query = String(vars.query ?? "");
        const resource = RESOURCES.find((r) => new RegExp(`^\\s*\\{\\s*${r}\\b`).test(query));
        const fail = (message: string) => ({ data: { bulkOperationRunQuery: { bulkOperation: null, userErrors: [{ field: ["query"], message }] } }, actual: 10 });
        if (!resource) return fail("Invalid bulk query: it must select one of customers, collections, products, orders");
        if ([...ops.values()].filter((o) => ACTIVE.has(o.status)).length >= 5) {
          return fail("A maximum of 5 bulk query operations can run at once for this app and shop.");
        }
        const since = /updated_at:>'?([^'"\s)]+)/.exec(query)?.[1];
        const op: BulkOp = {
          id: `gid://shopify/BulkOperation/${++seq}`, status: "CREATED", errorCode: null, objectCount: 0, fileSize: 0,
          createdAt: new Date().toISOString(), completedAt: null, query,
        };
        ops.set(op.id, op);
        void finish(op, resource, since ? new Date(since) : undefined);
        return { data: { bulkOperationRunQuery: { bulkOperation: view(op), userErrors: [] } }, actual: 10 };
      },
    },
    ImportBulkOperation: {
      requested: 1,
      answer(_store, vars) {
        const op = ops.get(String(vars.id));
        return { data: { bulkOperation: op ? view(op) : null }, actual: 1 };
      },
    },
  };

  return {
    operations,
    /** GET /_bulk/<n>.jsonl?token=…: the result, or 403 as Google Cloud Storage answers an expired link. */
    download(req: SimRequest): SimResponse {
      const op = ops.get(`gid://shopify/BulkOperation/${/\/_bulk\/(\d+)\.jsonl$/.exec(req.path)?.[1]}`);
      if (!op?.file || op.token !== req.query.get("token")) {
        return { status: 403, body: "<?xml version='1.0' encoding='UTF-8'?><Error><Code>ExpiredToken</Code><Message>The provided token has expired.</Message></Error>" };
      }
      return { status: 200, stream: createReadStream(op.file) };
    },
    /** The store bulk queries read from. */
    setStore(next: StoreSize) {
      size = next;
    },
    configure(next: BulkOptions) {
      opts = { ...opts, ...next };
    },
    /** Shopify's answer to a bulk query from an app without bulk-query access, or undefined. */
    denied(operation: string): { message: string; code: string } | undefined {
      if (operation !== "ImportBulkRun" || opts.queriesAllowed !== false) return undefined;
      return { message: "Access denied for bulkOperationRunQuery field. This app has not been granted access to run bulk queries.", code: "ACCESS_DENIED" };
    },
    /** The next `times` operations end FAILED with `errorCode` (e.g. INTERNAL_SERVER_ERROR). */
    failNext(errorCode = "INTERNAL_SERVER_ERROR", times = 1) {
      for (let i = 0; i < times; i++) failures.push(errorCode);
    },
    /** Every URL handed out so far stops working; asking for the operation again gives a fresh one. */
    expireUrls() {
      for (const op of ops.values()) if (op.token) op.token = randomUUID();
    },
    list: () => [...ops.values()].map(view),
    reset() {
      ops.clear();
      failures.length = 0;
    },
    close() {
      closed = true;
      rmSync(dir, { recursive: true, force: true });
    },
  };
}

export type BulkOperations = ReturnType<typeof bulkOperations>;
