// One GraphQL call to the Shopify Admin API with plain fetch (no Shopify library, so it runs the
// same in a worker), turning every way it can fail into an AdminApiError.
import type { z } from "zod";

export type AdminApiFailure = "unauthorized" | "http" | "network" | "throttled" | "graphql" | "unexpected";

export class AdminApiError extends Error {
  constructor(
    message: string,
    readonly code: AdminApiFailure,
    /** `codes`: the GraphQL errors' `extensions.code`s (e.g. ACCESS_DENIED), for callers that explain one. */
    readonly details: { status?: number; retryAfterMs?: number; codes?: string[] } = {},
  ) {
    super(message);
    this.name = "AdminApiError";
  }
}

/** `https://<shop>/admin/api/<version>/graphql.json`, or the same path on SHOPIFY_ADMIN_API_URL (a stand-in). */
export function adminEndpoint(shop: string, apiVersion: string): string {
  const base = process.env.SHOPIFY_ADMIN_API_URL ?? `https://${shop}`;
  return `${base.replace(/\/+$/, "")}/admin/api/${apiVersion}/graphql.json`;
}

interface GraphqlError {
  message?: string;
  extensions?: { code?: string };
}
interface Cost {
  requestedQueryCost?: number;
  throttleStatus?: { currentlyAvailable: number; restoreRate: number };
}

/** How long until the bucket holds what the query asked for. */
function retryAfterMs(cost: Cost | undefined): number | undefined {
  const t = cost?.throttleStatus;
  if (!t || !cost?.requestedQueryCost || t.restoreRate <= 0) return undefined;
  return Math.max(0, Math.ceil(((cost.requestedQueryCost - t.currentlyAvailable) / t.restoreRate) * 1000));
}

export async function adminGraphql<S extends z.ZodTypeAny>(
  call: { endpoint: string; accessToken: string; timeoutMs: number },
  query: string,
  variables: Record<string, unknown>,
  schema: S,
): Promise<z.output<S>> {
  let status: number;
  let text: string;
  try {
    const res = await fetch(call.endpoint, {
      method: "POST",
      headers: { "content-type": "application/json", "x-shopify-access-token": call.accessToken },
      body: JSON.stringify({ query, variables }),
      signal: AbortSignal.timeout(call.timeoutMs),
    });
    status = res.status;
    text = await res.text();
  } catch (err) {
    const reason = err instanceof Error ? (err.cause instanceof Error ? err.cause.message : err.message) : String(err);
    throw new AdminApiError(`no answer from the Admin API: ${reason}`, "network");
  }
  if (status < 200 || status >= 300) {
    const code = status === 401 || status === 403 ? "unauthorized" : "http";
    throw new AdminApiError(`Admin API answered ${status}: ${text.slice(0, 300)}`, code, { status });
  }
  let body: { data?: unknown; errors?: GraphqlError[]; extensions?: { cost?: Cost } };
  try {
    body = JSON.parse(text);
  } catch {
    throw new AdminApiError(`Admin API answered ${status} with no JSON`, "unexpected", { status });
  }
  if (body.errors?.length) {
    if (body.errors.some((e) => e.extensions?.code === "THROTTLED")) {
      throw new AdminApiError("Admin API throttled the query", "throttled", { retryAfterMs: retryAfterMs(body.extensions?.cost) });
    }
    const codes = body.errors.flatMap((e) => e.extensions?.code ?? []);
    throw new AdminApiError(`Admin API GraphQL error: ${body.errors.map((e) => e.message).join("; ")}`, "graphql", { codes });
  }
  const data = schema.safeParse(body.data);
  if (!data.success) {
    const issue = data.error.issues[0];
    throw new AdminApiError(`unexpected Admin API answer: ${issue.path.join(".")}: ${issue.message}`, "unexpected");
  }
  return data.data;
}
