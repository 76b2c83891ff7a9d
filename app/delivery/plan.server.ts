// Which vendor connections want a change: the vendor must accept it and the merchant must not
// have switched that kind of data off. Paused connections still get rows: they drain on resume.
import type { EntityKind, EntityOp } from "../domain/types";
import type { SendOption } from "../vendors/types";
import { findVendor } from "../vendors";

const OPTION_FOR_KIND: Record<EntityKind, SendOption> = {
  customer: "customers",
  category: "catalogue",
  product: "catalogue",
  order: "orders",
  storefront_event: "serverEvents",
};

export interface ConnectionLike {
  id: string;
  vendor: string;
  enabled: boolean;
  sendOptions: string;
}

export function parseSendOptions(raw: string): Partial<Record<SendOption, boolean>> {
  try {
    return JSON.parse(raw) as Partial<Record<SendOption, boolean>>;
  } catch {
    return {};
  }
}

export function connectionWants(conn: ConnectionLike, kind: EntityKind, op: EntityOp, topic: string): boolean {
  const vendor = findVendor(conn.vendor);
  if (!conn.enabled || !vendor) return false;
  const option = OPTION_FOR_KIND[kind];
  if (!vendor.sendOptions.includes(option) || parseSendOptions(conn.sendOptions)[option] === false) return false;
  return vendor.accepts(kind, op, topic);
}
