// The pixel's compact body → the canonical StorefrontEvent every vendor maps from, and back
// from its stored JSON at delivery time.
import type { Entity, StorefrontEvent, VisitorConsent } from "../domain/types";
import type { PixelEvent } from "./schema";

export interface Visitor {
  ip: string | null;
  userAgent: string | null;
  consent: VisitorConsent;
}

export function toStorefrontEvent(e: PixelEvent, visitor: Visitor): StorefrontEvent {
  return {
    id: e.id,
    name: e.name,
    occurredAt: new Date(e.timestamp),
    url: e.url,
    referrer: e.referrer || null,
    clientId: e.clientId,
    ip: visitor.ip,
    userAgent: visitor.userAgent,
    email: e.email ?? null,
    data: e.customerId ? { ...e.data, customerId: e.customerId } : e.data,
    consent: visitor.consent,
    session: e.session,
  };
}

/** The Entity of a stored `pixel/<event>` row. */
export function storefrontEntity(payload: unknown): Entity {
  const stored = payload as StorefrontEvent & { occurredAt: string };
  return { kind: "storefront_event", op: "upsert", record: { ...stored, occurredAt: new Date(stored.occurredAt) } };
}
