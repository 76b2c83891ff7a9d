// Reading Ometria's answers back onto records and items. A push answers 2xx with counts only
// (`{"status":"OK","accepted":n,"rejected":m}`); which records were refused, and why, comes from
// `GET /v2/push/_errors`, which lists the account's recent refusals, not just this push's.
import type { DeliveryItem, ItemOutcome, VendorContext } from "../types";
import { recentErrors, type PushAnswer } from "./client";
import type { PushRecord } from "./mapping";
import type { OmetriaSettings } from "./settings";

export type RecordResult =
  | { status: "ok"; httpStatus?: number; response?: string }
  | { status: "rejected"; reason: string; httpStatus?: number; response?: string }
  | { status: "retry"; error: string; retryAfterMs?: number; /** never pushed: an earlier push failed */ unsent?: true };

/** Tolerance between Ometria's own servers' clocks when comparing error times with its Date header. */
const SERVER_SLACK_MS = 1_000;
/** Without a Date header we compare with our clock, whose skew against Ometria's is unknown. */
const LOCAL_SLACK_MS = 60_000;

const label = (r: PushRecord) => `${r.is_variant ? "variant" : r["@type"]} ${r.id}`;

/** One result per record of a push that answered 2xx. */
export async function settle(
  ctx: VendorContext<OmetriaSettings>,
  records: PushRecord[],
  answer: PushAnswer,
): Promise<RecordResult[]> {
  const call = { httpStatus: answer.httpStatus, response: answer.response };
  if (answer.rejected === 0) return records.map(() => ({ status: "ok", ...call }));

  const errors = await recentErrors(ctx).catch((err: unknown) => {
    ctx.log.warn({ err: String(err) }, "ometria: could not read /v2/push/_errors after a partial push");
    return [];
  });
  // Only errors raised while this push was being processed: an older refusal of the same record
  // must not be pinned on the version we just sent.
  const since = answer.answeredAt !== null
    ? answer.answeredAt - answer.elapsedMs - SERVER_SLACK_MS
    : Date.now() - answer.elapsedMs - LOCAL_SLACK_MS;
  const fresh = errors.filter((e) => e.at >= since);
  const reasons = records.map((r) => fresh.find((e) => e.type === r["@type"] && e.id === r.id)?.reason);
  const named = reasons.filter((r) => r !== undefined).length;

  // When every refusal is named, the other records were stored. Otherwise we cannot tell which of
  // the unnamed records were stored: never call them delivered. They are upserts, so sending them
  // again is harmless, and the next answer may name the culprits (the engine's attempt limit
  // turns a lasting mystery into a visible failure).
  const rest: RecordResult = named >= answer.rejected
    ? { status: "ok", ...call }
    : { status: "retry", error: `Ometria refused ${answer.rejected} of ${records.length} records but named only ${named}; sending the others again` };
  return reasons.map((reason, i) =>
    reason === undefined ? rest : { status: "rejected", reason: `${label(records[i])}: ${reason}`, ...call },
  );
}

/**
 * One outcome per item from the results of its records. An item whose records were all stored
 * is delivered. If any record of it was refused the item is rejected, naming the record: for a
 * product that means the parent and the accepted variants are in Ometria but a variant is
 * missing, which only fixing the product can cure, so it must reach the merchant rather than
 * pass as delivered. Otherwise, if any record still needs sending, the item is retried.
 */
export function itemOutcome(item: DeliveryItem, records: PushRecord[], results: RecordResult[]): ItemOutcome {
  const { deliveryId } = item;
  const rejected = results.filter((r) => r.status === "rejected");
  if (rejected.length > 0) {
    const reason = [...new Set(rejected.map((r) => r.reason))].join("; ");
    return { deliveryId, status: "rejected", reason, sent: records, httpStatus: rejected[0].httpStatus, response: rejected[0].response };
  }
  const retries = results.filter((r) => r.status === "retry");
  if (retries.length > 0) {
    const waits = retries.map((r) => r.retryAfterMs ?? 0);
    const pushed = results.some((r) => !(r.status === "retry" && r.unsent));
    return { deliveryId, status: "retry", error: retries[0].error, retryAfterMs: Math.max(...waits) || undefined, sent: pushed ? records : undefined };
  }
  const last = results.filter((r) => r.status === "ok").at(-1);
  return { deliveryId, status: "delivered", sent: records, httpStatus: last?.httpStatus, response: last?.response };
}
