// "The outbox is drained": nothing pending, retrying or in flight.
import type { PrismaClient } from "../../node_modules/.conduit/prisma-sqlite/index.js";
import { waitFor } from "./wait";

export async function waitDrained(db: PrismaClient, timeoutMs = 30_000) {
  await waitFor("the outbox to drain", async () => (await db.delivery.count({ where: { status: { in: ["pending", "retrying", "in_flight"] } } })) === 0, timeoutMs);
}
