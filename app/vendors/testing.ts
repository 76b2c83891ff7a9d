// Test support shared by every vendor folder: a VendorContext over an in-memory SyncStateStore
// (same merge semantics as the database one: an omitted field keeps its previous value),
// and delivery items built from canonical entities.
import { sampleShop } from "../domain/samples";
import type { Entity } from "../domain/types";
import type { DeliveryItem, Logger, SyncStateEntry, SyncStateStore, VendorContext } from "./types";

export function memoryState(): SyncStateStore & { entries: Map<string, SyncStateEntry> } {
  const entries = new Map<string, SyncStateEntry>();
  const key = (scope: string, k: string) => `${scope}\u0000${k}`;
  return {
    entries,
    get: async (scope, k) => entries.get(key(scope, k)) ?? null,
    async getMany(scope, keys) {
      return new Map(keys.flatMap((k) => (entries.has(key(scope, k)) ? [[k, entries.get(key(scope, k))!] as const] : [])));
    },
    async set(scope, k, entry) {
      const prev = entries.get(key(scope, k));
      entries.set(key(scope, k), {
        updatedAt: entry.updatedAt === undefined ? (prev?.updatedAt ?? null) : entry.updatedAt,
        memo: entry.memo === undefined ? (prev?.memo ?? null) : entry.memo,
      });
    },
  };
}

export const quietLog: Logger = { info() {}, warn() {}, error() {}, debug() {} };

export function testContext<S>(settings: S, baseUrl: string, over: Partial<VendorContext<S>> = {}): VendorContext<S> & { state: ReturnType<typeof memoryState> } {
  return { shop: sampleShop, settings, environment: "live", baseUrl, state: memoryState(), log: quietLog, now: () => new Date(), ...over } as VendorContext<S> & {
    state: ReturnType<typeof memoryState>;
  };
}

let seq = 0;
export function deliveryItem(entity: Entity, topic = `${entity.kind}s/${entity.op === "delete" ? "delete" : "update"}`): DeliveryItem {
  seq += 1;
  return { deliveryId: `d${seq}`, topic, entity };
}
