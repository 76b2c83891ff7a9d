// One look for a state everywhere: a connection's on the Overview and settings, a delivery's in Activity.
import { Badge, type BadgeProps } from "@shopify/polaris";
import { CONNECTION_LABEL, DELIVERY_LABEL, type ConnectionState } from "../admin/status";

const CONNECTION_TONE: Record<ConnectionState, BadgeProps["tone"]> = {
  active: "success",
  needs_attention: "critical",
  paused: "warning",
  disabled: undefined,
  not_connected: undefined,
};

const DELIVERY_TONE: Record<string, BadgeProps["tone"]> = {
  delivered: "success",
  pending: "info",
  in_flight: "info",
  retrying: "attention",
  paused: "warning",
  rejected: "critical",
  dead: "critical",
};

export function ConnectionBadge({ state }: { state: ConnectionState }) {
  return <Badge tone={CONNECTION_TONE[state]}>{CONNECTION_LABEL[state]}</Badge>;
}

export function DeliveryBadge({ status }: { status: string }) {
  return <Badge tone={DELIVERY_TONE[status]}>{DELIVERY_LABEL[status] ?? status}</Badge>;
}
