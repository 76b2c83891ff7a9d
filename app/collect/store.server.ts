// THE one place collect events are written: through the intake's group commit, like a webhook
// (app/intake/), so a burst of pixel requests shares transactions with each other and with the
// webhooks arriving beside them. Events are canonical StorefrontEvents, stored as the payload of
// a `pixel/<event>` row so the delivery engine, Activity, replay and erasure treat them as any
// other record.
import type { StorefrontEvent } from "../domain/types";
import { enqueue, type IntakeRecord } from "../intake";
import { consentRefusal } from "./consent";
import { storefrontReady } from "./ready";

export const PIXEL_TOPIC_PREFIX = "pixel/";
export const pixelTopic = (name: string) => `${PIXEL_TOPIC_PREFIX}${name}`;
/** Shopify's event id is unique per shop only; the intake's webhookId column is unique overall. */
export const pixelWebhookId = (shopDomain: string, eventId: string) => `pixel:${shopDomain}:${eventId}`;

export interface StoreOutcome {
  stored: string[];
  duplicates: string[];
  /** Events no connection takes (none wants the event, or none is ready for storefront events): not kept. */
  ignored: number;
  /** Per vendor, events kept from it because the visitor's consent did not cover it. */
  withoutConsent: Record<string, number>;
}

function record(domain: string, event: StorefrontEvent): IntakeRecord {
  const describe = () => ({ kind: "storefront_event" as const, op: "upsert" as const, entityId: event.id, updatedAt: event.occurredAt });
  return {
    shop: domain,
    topic: pixelTopic(event.name),
    webhookId: pixelWebhookId(domain, event.id),
    eventId: event.id,
    eventIdGlobal: false,
    triggeredAt: event.occurredAt.toISOString(),
    body: JSON.stringify(event),
    json: { payload: event },
    describe,
    // A connection not ready for storefront events does not take them; one whose consent mode the
    // visitor's consent does not cover gets its row skipped, with the reason Activity shows.
    admit: (c) => storefrontReady(c) && (consentRefusal(c.sendOptions, event.consent) ?? true),
    history: false,
  };
}

/**
 * One request's events; resolves once the batch holding them committed, and rejects when it did
 * not (the caller answers 503 and the pixel's retry is deduplicated by event id).
 */
export async function storeCollected(domain: string, events: StorefrontEvent[]): Promise<StoreOutcome> {
  // The visitor's order, so that each row's createdAt (the engine's send order) follows it.
  const ordered = [...events].sort((a, b) => a.occurredAt.getTime() - b.occurredAt.getTime());
  const results = await enqueue(ordered.map((e) => record(domain, e)));
  const out: StoreOutcome = { stored: [], duplicates: [], ignored: 0, withoutConsent: {} };
  const resultOf = new Map(ordered.map((e, i) => [e, results[i]]));
  // Answered in the request's order (an id repeated within the request: its second copy is the duplicate).
  for (const e of events) {
    const result = resultOf.get(e)!;
    if (result.outcome === "duplicate") out.duplicates.push(e.id);
    else if (result.outcome === "not-stored") out.ignored += 1;
    else {
      out.stored.push(e.id);
      for (const vendor of result.skipped ?? []) out.withoutConsent[vendor] = (out.withoutConsent[vendor] ?? 0) + 1;
    }
  }
  return out;
}
