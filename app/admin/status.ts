// How connections and outbox rows are named and grouped on the admin pages (client and server).
import { FAILED, Status, type DeliveryStatus } from "../delivery/states";

export type ConnectionState = "active" | "needs_attention" | "paused" | "disabled" | "not_connected";

export function connectionState(conn: { enabled: boolean; status: string } | null | undefined): ConnectionState {
  if (!conn) return "not_connected";
  if (!conn.enabled) return "disabled";
  return conn.status === "needs_attention" || conn.status === "paused" ? conn.status : "active";
}

export const CONNECTION_LABEL: Record<ConnectionState, string> = {
  active: "Active",
  needs_attention: "Needs attention",
  paused: "Paused",
  disabled: "Disabled",
  not_connected: "Not connected",
};

/** Still on its way: the worker will get to it without anyone's help. */
export const WAITING: DeliveryStatus[] = [Status.pending, Status.inFlight, Status.retrying, Status.paused];
export { FAILED };
/** The vendor took or refused the body shown; on other rows it is the body still being tried. */
export const ANSWERED: DeliveryStatus[] = [Status.delivered, Status.rejected];

export const DELIVERY_LABEL: Record<string, string> = {
  pending: "Pending",
  in_flight: "Sending",
  delivered: "Delivered",
  retrying: "Retrying",
  rejected: "Refused",
  dead: "Failed",
  paused: "Paused",
  skipped: "Skipped",
};

export const KIND_LABEL: Record<string, string> = {
  customer: "Customer",
  category: "Collection",
  product: "Product",
  order: "Order",
  storefront_event: "Storefront event",
};

/** The status groups the Activity filter offers, beside single statuses. */
export const STATUS_GROUPS: Record<string, DeliveryStatus[]> = {
  failed: FAILED,
  waiting: WAITING,
  undelivered: [...WAITING, ...FAILED, Status.skipped],
  delivered: [Status.delivered],
  skipped: [Status.skipped],
};
