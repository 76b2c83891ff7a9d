// Settles a vendor call that failed as a whole, by error class: the merchant must act (the
// connection and its rows pause, attempts not burned), the vendor asked us to slow down (throttle the connection), or the vendor
// is down (the connection backs off: one probe per backoff, however many rows keep arriving; rows
// die only after the retry window). One attempt is logged per row.
import prisma from "../db.server";
import type { Log } from "../logger.server";
import { AuthError, RateLimitedError, VendorError } from "../vendors/errors";
import { metrics } from "./metrics.server";
import { attemptEntry, callBackoffMs, retryState, sentBody, type SentRow } from "./outcomes.server";
import { policy } from "./policy";
import { Status } from "./states";

const until = (now: Date, waitMs: number) => new Date(now.getTime() + waitMs);

/** No call to this connection before `now + waitMs`: rate limits and outages are per account. */
export async function throttleConnection(connectionId: string, waitMs: number, now = new Date()) {
  await prisma.vendorConnection.update({ where: { id: connectionId }, data: { throttledUntil: until(now, waitMs) } });
}

interface Settlement {
  /** What the connection becomes. */
  connection: { status?: string; statusReason?: string; throttledUntil?: Date };
  /** What each row becomes. */
  row: (r: SentRow) => { status: string; nextAttemptAt: Date };
  /** Undo the attempt the call counted, when the failure was not the record's doing. */
  attemptDelta: 0 | -1;
  metric?: string;
}

export async function settleFailedCall(conn: { id: string; vendor: string }, rows: SentRow[], err: unknown, log: Log): Promise<string> {
  const now = new Date();
  const message = err instanceof Error ? err.message : String(err);
  const deliveries = rows.map((r) => r.id);

  if (err instanceof AuthError) {
    // Only the merchant can fix credentials or payment: pause without burning attempts.
    await settle(conn, rows, err, {
      connection: { status: "needs_attention", statusReason: message },
      row: () => ({ status: Status.paused, nextAttemptAt: now }),
      attemptDelta: -1,
      metric: "needs_attention",
    });
    log.warn({ err: message, deliveries }, "connection needs the merchant's attention");
    return "needs attention";
  }
  if (err instanceof RateLimitedError) {
    // Being told to slow down is not the record's fault: the attempt is not counted.
    const waitMs = err.retryAfterMs ?? policy.baseMs;
    // The vendor said when: its rows come back then, not after a failure's backoff. An import's
    // next phase waits for them — one 429 cost Ometria nine seconds of an import. Without a
    // Retry-After, the backoff grows as for any failure.
    const delayMs = err.retryAfterMs ?? callBackoffMs(rows, waitMs);
    await settle(conn, rows, err, {
      connection: { throttledUntil: until(now, waitMs) },
      row: (r) => ({ ...retryState(r, now, delayMs), status: Status.retrying }),
      attemptDelta: -1,
      metric: "throttled",
    });
    log.info({ waitMs, deliveries }, "vendor rate limit: waiting");
    return "throttled";
  }
  const delayMs = callBackoffMs(rows);
  if (err instanceof VendorError) log.warn({ err: message, httpStatus: err.httpStatus, delayMs, deliveries }, "vendor call failed; backing off");
  else log.error({ err, delayMs, deliveries }, "connector failed unexpectedly");
  await settle(conn, rows, err, { connection: { throttledUntil: until(now, delayMs) }, row: (r) => retryState(r, now, delayMs), attemptDelta: 0 });
  return "vendor unavailable";
}

/** The connection and every row of the call change in one transaction: no reader sees half. */
async function settle(conn: { id: string; vendor: string }, rows: SentRow[], err: unknown, s: Settlement) {
  const error = err instanceof Error ? err.message : String(err);
  const details = err instanceof VendorError ? { httpStatus: err.httpStatus, response: err.response } : {};
  const states = rows.map((row) => ({ row, state: s.row(row) }));
  await prisma.$transaction([
    prisma.vendorConnection.update({ where: { id: conn.id }, data: s.connection }),
    ...states.flatMap(({ row, state }) => [
      prisma.delivery.update({
        where: { id: row.id },
        data: {
          ...state, leaseUntil: null, lastError: error, responseStatus: details.httpStatus, responseExcerpt: details.response,
          attempts: { increment: s.attemptDelta }, ...sentBody(err instanceof VendorError ? err.attempted?.get(row.id) : undefined),
        },
      }),
      attemptEntry(row.id, Status.inFlight, state.status, { ...details, error }),
    ]),
  ]);
  for (const { state } of states) metrics.outcome(conn.vendor, s.metric ?? (state.status === Status.dead ? "dead" : "retry"));
}
