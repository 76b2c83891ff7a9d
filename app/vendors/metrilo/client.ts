// Metrilo's wire protocol: the JSON envelope, the X-Digest signature and request splitting.
import { createHmac } from "node:crypto";
import { throwForStatus, vendorFetch, type VendorResponse } from "../http";
import type { VendorContext } from "../types";
import type { MetriloSettings } from "./settings";

export type MetriloResource = "customer" | "category" | "product" | "order";

/** "Each request you send to Metrilo is limited to 5MB"; read as 5,000,000 bytes to stay clear of either reading. */
export const MAX_REQUEST_BYTES = 5_000_000;
/** Not documented by Metrilo; its own Magento and WooCommerce plugins import 50 records a request. */
export const MAX_RECORDS_PER_REQUEST = 50;
/** Room for `{"time":…,"token":"…","batch":[]}` around the records. */
const ENVELOPE_BYTES = 1_024;

type Ctx = VendorContext<MetriloSettings>;

/**
 * POSTs `{time, token, ...payload}` signed with the API secret. The digest is computed over the
 * exact bytes sent, so the body is serialised once and those same bytes go on the wire.
 */
export async function post(ctx: Ctx, path: string, payload: { params: object } | { batch: object[] }): Promise<VendorResponse> {
  const body = JSON.stringify({ time: ctx.now().getTime(), token: ctx.settings.apiToken, ...payload });
  const digest = createHmac("sha256", ctx.settings.apiSecret).update(body, "utf8").digest("hex");
  const res = await vendorFetch(`${ctx.baseUrl.replace(/\/+$/, "")}${path}`, {
    method: "POST",
    headers: { "content-type": "application/json", "x-digest": digest },
    body,
  });
  throwForStatus("Metrilo", res);
  return res;
}

/** One record goes to `/resource` as `params`, several to `/resource/batch` as `batch`. */
export function upsert(ctx: Ctx, resource: MetriloResource, records: object[]): Promise<VendorResponse> {
  return records.length === 1
    ? post(ctx, `/${resource}`, { params: records[0] })
    : post(ctx, `/${resource}/batch`, { batch: records });
}

export const recordBytes = (record: object) => Buffer.byteLength(JSON.stringify(record), "utf8");

/** Whether a record can be sent at all, even alone. */
export const fitsInRequest = (bytes: number) => bytes + ENVELOPE_BYTES <= MAX_REQUEST_BYTES;

/** Groups record indexes into requests of at most 50 records and 5 MB, keeping their order. */
export function splitRequests(sizes: number[]): number[][] {
  const groups: number[][] = [];
  let current: number[] = [];
  let bytes = ENVELOPE_BYTES;
  sizes.forEach((size, i) => {
    const full = current.length >= MAX_RECORDS_PER_REQUEST || bytes + size + 1 > MAX_REQUEST_BYTES;
    if (current.length && full) {
      groups.push(current);
      current = [];
      bytes = ENVELOPE_BYTES;
    }
    current.push(i);
    bytes += size + 1; // the comma between records
  });
  if (current.length) groups.push(current);
  return groups;
}
