// Per-item outcomes of one deliver call, and what Metrilo said about each record sent.
import { RateLimitedError, type RetryableError } from "../errors";
import type { DeliveryItem, ItemOutcome } from "../types";

/** Metrilo's answer for one record: accepted, or refused with its reason. */
export type Sent = { ok: true; httpStatus: number; response: string } | { ok: false; reason: string; httpStatus?: number; response?: string };

/** Collects one outcome per item; "progress" means some item reached a final answer from Metrilo. */
export class Outcomes {
  private readonly byId = new Map<string, ItemOutcome>();
  progressed = false;

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
    this.byId.set(item.deliveryId, { deliveryId: item.deliveryId, status: "retry", error });
  }
  /** Items never answered (the run stopped on `halt`) are retried with its delay. */
  list(items: DeliveryItem[], halt?: RetryableError): ItemOutcome[] {
    return items.map((i) => this.byId.get(i.deliveryId) ?? {
      deliveryId: i.deliveryId,
      status: "retry",
      error: halt?.message ?? "not sent",
      retryAfterMs: halt instanceof RateLimitedError ? halt.retryAfterMs : undefined,
      httpStatus: halt?.httpStatus,
      response: halt?.response,
    });
  }
}
