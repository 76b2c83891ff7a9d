// What a request path (webhooks, /collect) logs while its database is down or full: the first
// failure whole, then at most one line a minute with how many failed meanwhile, and one line when a
// request succeeds again. Logged once per request, an outage at 50 webhooks/s wrote a 1.5 KB line
// for each, 6 GB a day, perhaps onto the very disk that was full; and every 503 is retried by its
// sender. A worker's passes have their own rule (app/delivery/outage.ts).
import type { Log } from "./logger.server";

export interface FailureLog {
  /** A request failed: logged if it is the first of an outage or a minute passed since the last line. */
  failed(fields: Record<string, unknown>, msg: string): void;
  /** A request succeeded: ends the outage, with one line if there was one. */
  succeeded(): void;
}

export function failureLog(log: Pick<Log, "error" | "info">, what: string, everyMs = 60_000, now = Date.now): FailureLog {
  let failing = false;
  let lastLineAt = 0;
  let meanwhile = 0;
  let total = 0;
  return {
    failed(fields, msg) {
      total++;
      if (failing && now() - lastLineAt < everyMs) {
        meanwhile++;
        return;
      }
      log.error(failing ? { ...fields, failedMeanwhile: meanwhile } : fields, failing ? `${msg} (still failing)` : msg);
      [failing, lastLineAt, meanwhile] = [true, now(), 0];
    },
    succeeded() {
      if (!failing) return;
      log.info({ failed: total }, `${what} work again`);
      [failing, meanwhile, total] = [false, 0, 0];
    },
  };
}
