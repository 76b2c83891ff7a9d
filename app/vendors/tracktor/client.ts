// Tracktor.io's HTTP API: every method is a GET with URL-encoded query parameters.
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
