// Test support: a VendorContext backed by an in-memory SyncStateStore. Used by the Tracktor.io and
// Tracify tests (kept in one place; the lead may move it next to ../types.ts for every vendor).
import { sampleShop } from "../../domain/samples";
import type { Logger, SyncStateEntry, SyncStateStore, VendorContext } from "../types";

export function memoryState(): SyncStateStore & { entries: Map<string, SyncStateEntry> } {
  const entries = new Map<string, SyncStateEntry>();
  return {
    entries,
    async get(scope, key) {
      return entries.get(`${scope}/${key}`) ?? null;
    },
    async set(scope, key, entry) {
      const prev = entries.get(`${scope}/${key}`);
      entries.set(`${scope}/${key}`, {
        updatedAt: entry.updatedAt !== undefined ? entry.updatedAt : (prev?.updatedAt ?? null),
        memo: entry.memo !== undefined ? entry.memo : (prev?.memo ?? null),
      });
    },
  };
}

const quiet: Logger = { info() {}, warn() {}, error() {}, debug() {} };

export function testContext<S>(settings: S, baseUrl: string, over: Partial<VendorContext<S>> = {}): VendorContext<S> {
  return {
    shop: sampleShop,
    settings,
    environment: "live",
    baseUrl,
    state: memoryState(),
    log: quiet,
    now: () => new Date(),
    ...over,
  };
}
