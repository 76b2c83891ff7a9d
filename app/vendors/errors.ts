// Typed outcomes of a vendor call. Nothing crosses the connector boundary as a bare Error:
// the delivery engine decides retry, pause or reject from the class alone.

export interface VendorErrorDetails {
  httpStatus?: number;
  /** A trimmed copy of what the vendor answered. */
  response?: string;
}

export class VendorError extends Error {
  readonly httpStatus?: number;
  readonly response?: string;
  constructor(message: string, details: VendorErrorDetails = {}) {
    super(message);
    this.name = new.target.name;
    this.httpStatus = details.httpStatus;
    this.response = details.response;
  }

  /**
   * For a call that failed as a whole: the body each delivery of it carried (deliveryId → body),
   * so the merchant can see what was tried even though the vendor never took it.
   */
  attempted?: ReadonlyMap<string, unknown>;
}

/**
 * Notes on a failed call's error what its deliveries carried, and returns the error to throw.
 * Only our typed errors carry bodies; anything else passes unchanged.
 */
export function noteAttempted(err: unknown, bodies: Iterable<readonly [string, unknown]>): unknown {
  if (err instanceof VendorError) err.attempted = new Map([...(err.attempted ?? []), ...bodies]);
  return err;
}

/** The vendor is down, slow or erred on its side: try again later. */
export class RetryableError extends VendorError {}

/** The vendor asked us to slow down; `retryAfterMs` comes from Retry-After when given. */
export class RateLimitedError extends RetryableError {
  readonly retryAfterMs?: number;
  constructor(message: string, details: VendorErrorDetails & { retryAfterMs?: number } = {}) {
    super(message, details);
    this.retryAfterMs = details.retryAfterMs;
  }
}

/** Bad credentials, unpaid account, blocked IP: only the merchant can fix it. Pause, don't burn retries. */
export class AuthError extends VendorError {}

/** The vendor refused the record itself; retrying the same bytes cannot help. */
export class RejectedRecordError extends VendorError {}
