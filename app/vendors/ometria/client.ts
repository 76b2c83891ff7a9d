// The two push API calls, paced to Ometria's 4 requests a second per account.
import { RejectedRecordError, RetryableError } from "../errors";
import { excerpt, throwForStatus, vendorFetch, type VendorRequest } from "../http";
import type { VendorContext } from "../types";
import { paceCall } from "../pace";
import type { PushRecord } from "./mapping";
import type { OmetriaSettings } from "./settings";

export const MAX_RECORDS_PER_PUSH = 100;
export const CALLS_PER_SECOND = 4;
/** Ometria refuses a record above ~60 kB; we check the same bound before sending. */
export const MAX_RECORD_BYTES = 60 * 1024;

type Ctx = VendorContext<OmetriaSettings>;

// One deliver can make several calls (a batch over 100 records, the _errors follow-up), so the
// engine's pacing of deliver calls is not enough: every call to one account takes its turn, at
// most four in any second (../pace.ts).
const pace = (ctx: Ctx) => paceCall(`ometria ${ctx.baseUrl} ${ctx.settings.accountId}`, CALLS_PER_SECOND);

async function call(ctx: Ctx, path: string, init: VendorRequest = {}) {
  const answered = await pace(ctx);
  const headers = { "x-ometria-auth": ctx.settings.apiKey, accept: "application/json", ...init.headers };
  try {
    return await vendorFetch(`${ctx.baseUrl.replace(/\/+$/, "")}${path}`, { ...init, headers });
  } finally {
    answered();
  }
}

function parse(text: string): unknown {
  try {
    return JSON.parse(text);
  } catch {
    return undefined;
  }
}

export interface PushAnswer {
  accepted: number;
  rejected: number;
  /** Ometria's clock when it answered (the Date header), to tell this push's errors from older ones. */
  answeredAt: number | null;
  elapsedMs: number;
  httpStatus: number;
  response: string;
}

export async function push(ctx: Ctx, records: PushRecord[]): Promise<PushAnswer> {
  const started = Date.now();
  const res = await call(ctx, "/v2/push", {
    method: "POST",
    headers: { "content-type": "application/json" },
    body: JSON.stringify(records),
  });
  const body = parse(res.text) as { message?: unknown; accepted?: unknown; rejected?: unknown } | undefined;
  if (res.status === 400) {
    // A malformed push: nothing in it was stored, and resending the same bytes cannot help.
    const said = typeof body?.message === "string" ? body.message : excerpt(res.text, 300);
    throw new RejectedRecordError(`Ometria refused the push: ${said}`, { httpStatus: 400, response: excerpt(res.text) });
  }
  throwForStatus("Ometria", res);
  if (typeof body?.accepted !== "number" || typeof body.rejected !== "number") {
    // We cannot tell what was stored; records are upserts, so sending them again is safe.
    throw new RetryableError(`Ometria answered ${res.status} without accepted/rejected counts`, {
      httpStatus: res.status,
      response: excerpt(res.text),
    });
  }
  const date = Date.parse(res.headers.get("date") ?? "");
  return {
    accepted: body.accepted,
    rejected: body.rejected,
    answeredAt: Number.isNaN(date) ? null : date,
    elapsedMs: Date.now() - started,
    httpStatus: res.status,
    response: excerpt(res.text),
  };
}

export interface PushError {
  type: string | null;
  id: string | null;
  reason: string;
  at: number;
}

/** `GET /v2/push/_errors`: the account's recently refused records, newest first. */
export async function recentErrors(ctx: Ctx): Promise<PushError[]> {
  const res = await call(ctx, "/v2/push/_errors");
  throwForStatus("Ometria", res);
  const list = parse(res.text);
  if (!Array.isArray(list)) {
    throw new RetryableError("Ometria's error list was not a JSON array", { httpStatus: res.status, response: excerpt(res.text) });
  }
  return list.map((e: Record<string, unknown>) => ({
    type: typeof e["@type"] === "string" ? e["@type"] : null,
    id: typeof e.id === "string" ? e.id : null,
    reason: typeof e.reason === "string" ? e.reason : "refused without a reason",
    at: Date.parse(String(e.timestamp)),
  }));
}
