// "The outbox is drained": nothing pending, retrying or in flight — nor paused rows of a running
// connection, which the next sweep releases (a connection fixed a moment ago is not drained yet).
import type { PrismaClient } from "../../node_modules/.conduit/prisma-sqlite/index.js";
import { waitFor } from "./wait";

export async function waitDrained(db: PrismaClient, timeoutMs = 30_000) {
  const busy = {
    OR: [
      { status: { in: ["pending", "retrying", "in_flight"] } },
      { status: "paused", connection: { enabled: true, status: "active" } },
    ],
  };
  await waitFor("the outbox to drain", async () => (await db.delivery.count({ where: busy })) === 0, timeoutMs);
}
