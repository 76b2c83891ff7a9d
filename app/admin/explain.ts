// Turns what the outbox recorded (the vendor's HTTP status, the connector's message) into a
// sentence a merchant can act on. The raw message stays on the page beside it for support.
export interface FailureFacts {
  vendorName: string;
  /** The row's status, or "needs_attention" for a connection's reason. */
  status: string;
  lastError: string | null;
  responseStatus?: number | null;
}

/** The HTTP status a connector message names: "Metrilo answered 500", "credentials refused (401)". */
function statusIn(message: string): number | undefined {
  const m = /\((\d{3})\)|answered (\d{3})/.exec(message);
  return m ? Number(m[1] ?? m[2]) : undefined;
}

function whatHappensNext(vendorName: string, status: string): string {
  if (status === "dead") return ` Conduit stopped retrying: press Retry once ${vendorName} works again.`;
  if (status === "retrying" || status === "pending") return " Conduit retries by itself.";
  return "";
}

export function explainFailure(f: FailureFacts): string | null {
  const { vendorName: v, status, lastError } = f;
  if (!lastError || status === "delivered") return null;
  if (status === "skipped") return `Not sent to ${v}: ${lastError}.`;
  const http = f.responseStatus ?? statusIn(lastError);
  const next = whatHappensNext(v, status);
  if (http === 401 || http === 403) {
    return `${v} refused Conduit's credentials (HTTP ${http}). Check the keys in ${v}'s settings and press Test connection; what waits for ${v} is sent as soon as you save working keys.`;
  }
  if (http === 402) return `${v} says the account needs payment (HTTP 402). Check the billing page of your ${v} account.`;
  if (http === 429) return `${v} asked Conduit to slow down (HTTP 429).${next}`;
  if (http !== undefined && (http >= 500 || http === 408 || http === 425)) {
    return `${v}'s server had a problem (HTTP ${http}); nothing is wrong with your data.${next}`;
  }
  if (/^no answer from/.test(lastError)) return `${v} could not be reached: it did not answer.${next}`;
  if (http !== undefined && http >= 400) {
    return `${v} refused this record (HTTP ${http}). Sending the same data again fails the same way until the cause is fixed.`;
  }
  if (status === "rejected") return `${v} refused this record.`;
  return `${lastError}.${next}`;
}

export interface ConnectionFacts {
  enabled: boolean;
  status: string;
  statusReason: string | null;
}

/**
 * Why a row still waiting does not move: its connection is stopped, not the row. Null while the
 * connection runs (the row's own story, explainFailure, applies then).
 */
export function explainHeld(vendorName: string, conn: ConnectionFacts | null | undefined): string | null {
  const v = vendorName;
  if (!conn) return null;
  if (!conn.enabled) return `Held while ${v} is turned off in Conduit: it goes out once you enable ${v} again.`;
  if (conn.status === "needs_attention") {
    const why = explainFailure({ vendorName: v, status: conn.status, lastError: conn.statusReason });
    return `Held until ${v} works again. ${why ?? `Check ${v}'s settings and press Test connection.`}`;
  }
  if (conn.status === "paused") return `Held: ${conn.statusReason ?? `${v} is paused.`}`;
  return null;
}
