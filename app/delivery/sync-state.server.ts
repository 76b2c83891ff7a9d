// The per-connection memory connectors use (ctx.state), stored in SyncState.
import prisma from "../db.server";
import type { SyncStateStore } from "../vendors/types";

export function syncStateStore(connectionId: string): SyncStateStore {
  return {
    async get(scope, key) {
      const row = await prisma.syncState.findUnique({ where: { connectionId_scope_key: { connectionId, scope, key } } });
      return row ? { updatedAt: row.updatedAt, memo: row.memo } : null;
    },
    async set(scope, key, entry) {
      const data = { ...entry, deliveredAt: new Date() };
      await prisma.syncState.upsert({
        where: { connectionId_scope_key: { connectionId, scope, key } },
        create: { connectionId, scope, key, ...data },
        update: data,
      });
    },
  };
}

/** The engine's own scope: the updated_at of the newest state delivered per entity. */
export const entityScope = (kind: string) => `entity.${kind}`;
