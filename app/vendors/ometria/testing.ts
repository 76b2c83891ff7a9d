// Test support for the Ometria tests: a connection to a simulator on loopback, with an
// in-memory sync-state store, and delivery items built from canonical entities.
import { sampleShop } from "../../domain/samples";
import type { Entity } from "../../domain/types";
import type { DeliveryItem, SyncStateEntry, SyncStateStore, VendorContext } from "../types";
import { OMETRIA_SIM_API_KEY } from "../../../simulators/ometria";
import type { OmetriaSettings } from "./settings";

export function memoryState(): SyncStateStore {
  const entries = new Map<string, SyncStateEntry>();
  return {
    get: async (scope, key) => entries.get(`${scope}\u0000${key}`) ?? null,
    async set(scope, key, entry) {
      const prev = entries.get(`${scope}\u0000${key}`);
      entries.set(`${scope}\u0000${key}`, {
        updatedAt: entry.updatedAt === undefined ? (prev?.updatedAt ?? null) : entry.updatedAt,
        memo: entry.memo === undefined ? (prev?.memo ?? null) : entry.memo,
      });
    },
  };
}

export function ometriaContext(baseUrl: string, settings: Partial<OmetriaSettings> = {}): VendorContext<OmetriaSettings> {
  const quiet = () => {};
  return {
    shop: sampleShop,
    settings: { apiKey: OMETRIA_SIM_API_KEY, accountId: "a1b2c3d4", ...settings },
    environment: "staging",
    baseUrl,
    state: memoryState(),
    log: { info: quiet, warn: quiet, error: quiet, debug: quiet },
    now: () => new Date(),
  };
}

let counter = 0;
export function item(entity: Entity): DeliveryItem {
  counter += 1;
  return { deliveryId: `d${counter}`, topic: `${entity.kind}s/${entity.op === "delete" ? "delete" : "update"}`, entity };
}
