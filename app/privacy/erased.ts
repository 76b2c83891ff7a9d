// How erased data is marked, shared by the erasure itself and the checks after it.

/** What an erased webhook event's payload becomes: the record's id only. */
export const erasedPayload = (entityId: string | null) => JSON.stringify({ redacted: true, id: entityId });
/** Every erased payload starts so; delivery and reconciliation treat such events as gone. */
export const ERASED_PAYLOAD_PREFIX = '{"redacted":true';
/** The error an outbox row of erased data shows instead of what was there. */
export const ERASED = "customer data erased (customers/redact)";
