// One place that turns HTTP into typed vendor outcomes, so every connector classifies alike.
import { request, type Dispatcher } from "undici";
import { AuthError, RateLimitedError, RejectedRecordError, RetryableError } from "./errors";
import { envCount } from "../env";

export const VENDOR_TIMEOUT_MS = envCount("CONDUIT_VENDOR_TIMEOUT_MS", 15_000);
const EXCERPT = 2_000;
/**
 * The most of a vendor's answer kept in memory. Real answers are a few KB (Ometria's error list
 * for a 100-record push is the largest); a broken proxy or vendor can answer hundreds of MB, which
 * read whole took a worker from 219 MB to 1.4 GB. Past the cap the rest is never read.
 */
export const VENDOR_ANSWER_MAX_BYTES = envCount("CONDUIT_VENDOR_ANSWER_MAX_BYTES", 1_048_576);

export interface VendorResponse {
  status: number;
  text: string;
  headers: { get(name: string): string | null };
  /** The answer was longer than the cap: `text` is its start, followed by a note. */
  truncated?: boolean;
}

export interface VendorRequest {
  method?: string;
  headers?: Record<string, string>;
  body?: string;
}

export function excerpt(text: string, max = EXCERPT): string {
  return text.length > max ? `${text.slice(0, max)}… (${text.length} bytes)` : text;
}

/** Retry-After as milliseconds: delta-seconds or an HTTP date. */
export function parseRetryAfter(value: string | null, now = Date.now()): number | undefined {
  if (!value) return undefined;
  const seconds = Number(value);
  if (Number.isFinite(seconds)) return Math.max(0, seconds * 1000);
  const date = Date.parse(value);
  return Number.isNaN(date) ? undefined : Math.max(0, date - now);
}

/**
 * One HTTP call with a timeout; network failures and timeouts become RetryableError. undici's
 * `request`, not `fetch`: fetch cost 220-280 µs of CPU a call against 60-80 µs (its WHATWG
 * Request, Response and streams), and Tracktor.io takes one call per record — 150 000 in a
 * historical import, most of the worker's time in its orders phase.
 */
export async function vendorFetch(url: string, init: VendorRequest = {}): Promise<VendorResponse> {
  let res: Dispatcher.ResponseData;
  try {
    res = await request(url, {
      method: (init.method ?? "GET") as Dispatcher.HttpMethod,
      headers: init.headers,
      body: init.body,
      // As fetch did: an API that moved still answers.
      maxRedirections: 5,
      headersTimeout: VENDOR_TIMEOUT_MS,
      bodyTimeout: VENDOR_TIMEOUT_MS,
    });
  } catch (err) {
    const reason = err instanceof Error ? (err.cause instanceof Error ? err.cause.message : err.message) : String(err);
    throw new RetryableError(`no answer from ${new URL(url).host}: ${reason}`);
  }
  const headers = { get: (name: string) => headerValue(res.headers[name.toLowerCase()]) };
  const { text, truncated } = await readCappedBody(res.body, VENDOR_ANSWER_MAX_BYTES, headers.get("content-length"));
  return { status: res.statusCode, text, headers, ...(truncated ? { truncated } : {}) };
}

const headerValue = (v: string | string[] | undefined): string | null => (v === undefined ? null : Array.isArray(v) ? v.join(", ") : v);

/** Reads at most `max` bytes of a fetch Response's body, then cancels the rest so it is never downloaded. */
export async function readCapped(res: Response, max: number): Promise<{ text: string; truncated: boolean }> {
  if (!res.body) return { text: "", truncated: false };
  return readCappedBody(res.body as unknown as AsyncIterable<Uint8Array>, max, res.headers.get("content-length"));
}

/** A body (a web or a Node stream) read up to `max` bytes; leaving the loop early cancels the stream. */
async function readCappedBody(body: AsyncIterable<Uint8Array>, max: number, length: string | null): Promise<{ text: string; truncated: boolean }> {
  const chunks: Uint8Array[] = [];
  let bytes = 0;
  try {
    for await (const value of body) {
      const room = max - bytes;
      chunks.push(value.byteLength > room ? value.subarray(0, room) : value);
      bytes += Math.min(value.byteLength, room);
      if (value.byteLength > room) {
        return { text: `${Buffer.concat(chunks).toString("utf8")}… (answer cut at ${max} bytes of ${length ?? "more"})`, truncated: true };
      }
    }
  } catch {
    // A connection cut mid-answer: keep what arrived.
  }
  return { text: Buffer.concat(chunks).toString("utf8"), truncated: false };
}

/**
 * Throws the typed error for a failed answer; returns normally for 2xx.
 * 401/402/403 need the merchant; 408/425/429/5xx are retried; other 4xx reject the record(s).
 */
export function throwForStatus(vendor: string, res: VendorResponse): void {
  const { status } = res;
  if (status >= 200 && status < 300) return;
  const details = { httpStatus: status, response: excerpt(res.text) };
  const said = res.text ? `: ${excerpt(res.text, 300)}` : "";
  if (status === 429) {
    throw new RateLimitedError(`${vendor} rate limit (429)${said}`, {
      ...details,
      retryAfterMs: parseRetryAfter(res.headers.get("retry-after")),
    });
  }
  if (status === 401 || status === 402 || status === 403) {
    const what = status === 402 ? "payment required" : status === 401 ? "credentials refused" : "forbidden";
    throw new AuthError(`${vendor} ${what} (${status})${said}`, details);
  }
  if (status === 408 || status === 425 || status >= 500) {
    throw new RetryableError(`${vendor} answered ${status}${said}`, details);
  }
  throw new RejectedRecordError(`${vendor} refused the request (${status})${said}`, details);
}
