// One place that turns HTTP into typed vendor outcomes, so every connector classifies alike.
import { AuthError, RateLimitedError, RejectedRecordError, RetryableError } from "./errors";

export const VENDOR_TIMEOUT_MS = Number(process.env.CONDUIT_VENDOR_TIMEOUT_MS ?? 15_000);
const EXCERPT = 2_000;

export interface VendorResponse {
  status: number;
  text: string;
  headers: Headers;
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

/** fetch with a timeout; network failures and timeouts become RetryableError. */
export async function vendorFetch(url: string, init: RequestInit = {}): Promise<VendorResponse> {
  let res: Response;
  try {
    res = await fetch(url, { ...init, signal: AbortSignal.timeout(VENDOR_TIMEOUT_MS) });
  } catch (err) {
    const reason = err instanceof Error ? (err.cause instanceof Error ? err.cause.message : err.message) : String(err);
    throw new RetryableError(`no answer from ${new URL(url).host}: ${reason}`);
  }
  return { status: res.status, text: await res.text().catch(() => ""), headers: res.headers };
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
