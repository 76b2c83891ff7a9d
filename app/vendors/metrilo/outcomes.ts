// Per-item outcomes of one deliver call, and what Metrilo said about each record sent.
import { RateLimitedError, type RetryableError } from "../errors";
import type { DeliveryItem, ItemOutcome } from "../types";

/** Metrilo's answer for one record: accepted, or refused with its reason. */
export type Sent = { ok: true; httpStatus: number; response: string } | { ok: false; reason: string; httpStatus?: number; response?: string };

/** Collects one outcome per item; "progress" means some item reached a final answer from Metrilo. */
export class Outcomes {
  private readonly byId = new Map<string, ItemOutcome>();
  /** The body each item is carrying in the request under way. */
  private readonly carrying = new Map<string, object>();
  progressed = false;

  /** Notes the bodies about to go out, so that a call failing as a whole can still show them. */
  sending(entries: { item: DeliveryItem; record: object }[]): void {
    for (const { item, record } of entries) this.carrying.set(item.deliveryId, record);
  }
  /** What the items under way but not answered carry. */
  unanswered(): [string, object][] {
    return [...this.carrying].filter(([id]) => !this.byId.has(id));
  }

  settle(item: DeliveryItem, sent: Sent, record: object): void {
    this.progressed = true;
    const { deliveryId } = item;
    this.byId.set(deliveryId, sent.ok
      ? { deliveryId, status: "delivered", sent: record, httpStatus: sent.httpStatus, response: sent.response }
      : { deliveryId, status: "rejected", reason: sent.reason, sent: record, httpStatus: sent.httpStatus, response: sent.response });
  }
  skip(item: DeliveryItem, reason: string): void {
    this.byId.set(item.deliveryId, { deliveryId: item.deliveryId, status: "skipped", reason });
  }
  retry(item: DeliveryItem, error: string): void {
    this.byId.set(item.deliveryId, { deliveryId: item.deliveryId, status: "retry", error, sent: this.carrying.get(item.deliveryId) });
  }
  /** Items never answered (the run stopped on `halt`) are retried with its delay. */
  list(items: DeliveryItem[], halt?: RetryableError): ItemOutcome[] {
    return items.map((i) => this.byId.get(i.deliveryId) ?? {
      deliveryId: i.deliveryId,
      status: "retry",
      error: halt?.message ?? "not sent",
      sent: this.carrying.get(i.deliveryId),
      retryAfterMs: halt instanceof RateLimitedError ? halt.retryAfterMs : undefined,
      httpStatus: halt?.httpStatus,
      response: halt?.response,
    });
  }
}
