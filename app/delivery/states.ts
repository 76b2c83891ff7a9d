// Outbox row states. Rows only move forward through recorded transitions (DeliveryAttempt).
export const Status = {
  pending: "pending",
  inFlight: "in_flight",
  delivered: "delivered",
  retrying: "retrying",
  rejected: "rejected",
  dead: "dead",
  paused: "paused",
  skipped: "skipped",
} as const;
export type DeliveryStatus = (typeof Status)[keyof typeof Status];

/** Rows the worker may pick up once due. */
export const DUE: DeliveryStatus[] = [Status.pending, Status.retrying];
/** Rows a replay may revive. */
export const REPLAYABLE: DeliveryStatus[] = [Status.dead, Status.rejected];
export const FAILED: DeliveryStatus[] = [Status.dead, Status.rejected];
