// What an import run remembers between steps (ImportRun.progress, JSON): per resource its source
// phase and checkpoints, per vendor and resource how far it has been handed to the outbox.
import type { Resource } from "./resources";

export type Phase = "waiting" | "bulk" | "staging" | "publishing" | "done";

export interface ResourceProgress {
  phase: Phase;
  bulkId?: string;
  bulkAttempts?: number;
  /** When the bulk operation was last asked about (polling is the fallback to the webhook). */
  polledAt?: number;
  /** JSONL lines staged (the staging checkpoint) and records (top-level lines) among them. */
  lines: number;
  records: number;
  /** Seq of the last top-level line published to the outbox (the publishing checkpoint). */
  published: number;
  publishedCount: number;
  /** Records the mappers cannot read, with the first reasons. */
  unreadable: number;
  errors: { id: string; reason: string }[];
}

export interface VendorProgress {
  /** Seq of the last record handed to the outbox for this vendor (its checkpoint). */
  cursor: number;
  enqueued: number;
  /** Why this vendor gets none of this resource. */
  notSent?: string;
}

export interface Progress {
  resources: Partial<Record<Resource, ResourceProgress>>;
  vendors: Record<string, Partial<Record<Resource, VendorProgress>>>;
  /** Set when the shop has not granted read_all_orders: how far back orders reach. */
  ordersReach?: string;
}

export const freshResource = (phase: Phase): ResourceProgress => ({
  phase, lines: 0, records: 0, published: -1, publishedCount: 0, unreadable: 0, errors: [],
});

export function readProgress(raw: string): Progress {
  const p = JSON.parse(raw || "{}") as Partial<Progress>;
  return { resources: p.resources ?? {}, vendors: p.vendors ?? {}, ordersReach: p.ordersReach };
}
