// The contract every vendor folder fulfils. The delivery engine, the admin form and the CLI
// know vendors only through this interface and the list in ./index.ts.
import type { z } from "zod";
import type { Entity, EntityKind, ShopInfo } from "../domain/types";

export type VendorId = "metrilo" | "ometria" | "tracktor" | "tracify";
export type VendorEnvironment = "live" | "staging";

/** What a merchant chooses to send; each vendor says which of these it supports. */
export type SendOption = "customers" | "catalogue" | "orders" | "storefront" | "serverEvents";

export interface SettingsField {
  key: string;
  label: string;
  /** Help text, taken from the vendor's documentation. */
  help: string;
  /** Secret fields are encrypted at rest and never sent to a browser or a storefront. */
  secret: boolean;
  required: boolean;
}

export interface VendorSettingsSpec<S> {
  /** Validates the whole settings object (secret and public fields together). */
  schema: z.ZodType<S>;
  fields: SettingsField[];
}

export interface SyncStateEntry {
  updatedAt: Date | null;
  memo: string | null;
}

/** Per-connection memory of what was delivered: dependencies, last-sent tags, once-only events. */
export interface SyncStateStore {
  get(scope: string, key: string): Promise<SyncStateEntry | null>;
  /** Several keys of one scope in one read; keys not stored are absent from the map. */
  getMany(scope: string, keys: string[]): Promise<Map<string, SyncStateEntry>>;
  set(scope: string, key: string, entry: { updatedAt?: Date | null; memo?: string | null }): Promise<void>;
}

export interface Logger {
  info(obj: object, msg?: string): void;
  warn(obj: object, msg?: string): void;
  error(obj: object, msg?: string): void;
  debug(obj: object, msg?: string): void;
}

export interface VendorContext<S> {
  shop: ShopInfo;
  settings: S;
  environment: VendorEnvironment;
  /** Resolved base URL: env override (e.g. METRILO_API_URL) > environment > default. */
  baseUrl: string;
  state: SyncStateStore;
  log: Logger;
  now(): Date;
}

export interface DeliveryItem {
  deliveryId: string;
  topic: string;
  entity: Entity;
}

export type ItemOutcome =
  | { deliveryId: string; status: "delivered"; sent?: unknown; httpStatus?: number; response?: string }
  | { deliveryId: string; status: "rejected"; reason: string; sent?: unknown; httpStatus?: number; response?: string }
  | { deliveryId: string; status: "skipped"; reason: string }
  | { deliveryId: string; status: "retry"; error: string; retryAfterMs?: number; sent?: unknown; httpStatus?: number; response?: string };

export interface VerifyResult {
  ok: boolean;
  message: string;
  /** The settings field the problem is about, when there is one. */
  field?: string;
}

export interface VendorLimits {
  maxRecordsPerCall: number;
  maxBytesPerCall?: number;
  /** Calls per second per account; the engine spaces calls of one connection accordingly. */
  callsPerSecond?: number;
}

export interface VendorConnector<S = Record<string, unknown>> {
  id: VendorId;
  name: string;
  docsUrl: string;
  settings: VendorSettingsSpec<S>;
  /** Base URLs per environment; `staging` only where the vendor has one. */
  baseUrls: { live: string; staging?: string };
  /** Environment variable that overrides the base URL for every shop (tests, proxies). */
  baseUrlEnv: string;
  sendOptions: SendOption[];
  limits: VendorLimits;
  /** Which changes this vendor wants at all. */
  accepts(kind: EntityKind, op: Entity["op"], topic: string): boolean;
  /**
   * Deliver a batch (already within limits, newest state per entity, in arrival order).
   * Returns one outcome per item; throws AuthError / RateLimitedError / RetryableError when the
   * whole call failed, with `noteAttempted` noting the body each delivery carried.
   */
  deliver(ctx: VendorContext<S>, items: DeliveryItem[]): Promise<ItemOutcome[]>;
  /** "Test connection": checks credentials against the vendor without sending shop data. */
  verify(ctx: VendorContext<S>): Promise<VerifyResult>;
  /** Public, storefront-safe settings (published to the app metafield). */
  publicSettings(settings: S): Record<string, string>;
}
