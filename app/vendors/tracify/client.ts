// Tracify's one endpoint: POST {baseUrl}/api/v1/events with {"events": [...]}.
import { AuthError, RejectedRecordError } from "../errors";
import { throwForStatus, vendorFetch } from "../http";
import type { VendorContext } from "../types";
import type { TracifyEvent } from "./mapping";
import type { TracifySettings } from "./settings";

export const VENDOR = "Tracify";

export async function postEvents(ctx: VendorContext<TracifySettings>, events: TracifyEvent[]): Promise<number> {
  const res = await vendorFetch(`${ctx.baseUrl.replace(/\/+$/, "")}/api/v1/events`, {
    method: "POST",
    headers: { "content-type": "application/json", "tracify-token": ctx.settings.apiKey },
    body: JSON.stringify({ events }),
  });
  throwForStatus(VENDOR, res);
  return res.status;
}

/** Which event of the batch a 400 names (`{"error", "index", "field"}`), when it names one. */
export function rejectedEvent(err: RejectedRecordError): { index: number; field: string; error: string } | null {
  try {
    const body = JSON.parse(err.response ?? "") as { index?: unknown; field?: unknown; error?: unknown };
    if (typeof body.index !== "number" || typeof body.error !== "string") return null;
    return { index: body.index, field: typeof body.field === "string" ? body.field : "", error: body.error };
  } catch {
    return null;
  }
}

/** A site ID the account does not own is a settings problem, not a bad record: the merchant must fix it. */
export function siteIdError(err: RejectedRecordError): AuthError {
  return new AuthError(`Tracify does not know this customer site ID (customerSiteId): ${rejectedEvent(err)?.error ?? err.message}`, {
    httpStatus: err.httpStatus,
    response: err.response,
  });
}
