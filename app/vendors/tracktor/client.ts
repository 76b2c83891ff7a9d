// Tracktor.io's HTTP API: every method is a GET with URL-encoded query parameters.
import { noteAttempted } from "../errors";
import { throwForStatus, vendorFetch } from "../http";
import type { VendorContext } from "../types";
import type { TracktorSettings } from "./settings";
import { signIdentity } from "./sign";

export const VENDOR = "Tracktor.io";

export interface TracktorCall {
  method: "set" | "track";
  /** The person identity. */
  id: string;
  action?: string;
  data: Record<string, unknown>;
}

/** Builds the query string; `data` goes as real JSON (the seed's `{a:'b'}` examples are not JSON). */
export function tracktorUrl(ctx: VendorContext<TracktorSettings>, call: TracktorCall): string {
  const { token, signatureSecret } = ctx.settings;
  const params: [string, string][] = [
    ["sid", token],
    ["ts", String(Math.floor(ctx.now().getTime() / 1000))],
    ["id", call.id],
  ];
  if (signatureSecret) params.push(["sign", signIdentity(signatureSecret, call.id)]);
  if (call.action) params.push(["action", call.action]);
  params.push(["data", JSON.stringify(call.data)]);
  // encodeURIComponent, not URLSearchParams: a space must travel as %20, never as "+".
  const query = params.map(([k, v]) => `${k}=${encodeURIComponent(v)}`).join("&");
  return `${ctx.baseUrl.replace(/\/+$/, "")}/${call.method}?${query}`;
}

/** One call; throws the typed error for anything but 2xx. */
export async function tracktorSend(ctx: VendorContext<TracktorSettings>, call: TracktorCall): Promise<number> {
  const res = await vendorFetch(tracktorUrl(ctx, call));
  throwForStatus(VENDOR, res);
  return res.status;
}

/** What a call carries, as Activity shows it: not the URL, whose query holds the token. */
export const callBody = (call: TracktorCall) => ({ path: `/${call.method}`, id: call.id, ...(call.action ? { action: call.action } : {}), data: call.data });

/** tracktorSend on behalf of one delivery: a failed call notes what it carried. */
export async function sendFor(ctx: VendorContext<TracktorSettings>, deliveryId: string, call: TracktorCall): Promise<number> {
  try {
    return await tracktorSend(ctx, call);
  } catch (err) {
    throw noteAttempted(err, [[deliveryId, callBody(call)]]);
  }
}
