// The ending every drill shares (issue 9 §7): the outbox drained, every accepted record delivered
// or explained (a terminal state with a reason), nothing delivered more often than the drill
// allows, and the server still answering.
import { expect } from "vitest";
import type { VendorId } from "../../app/vendors/types";
import { waitDrained } from "./drained";
import type { Rig } from "./rig";
import { acceptedKeys, tally } from "./vendor-log";

export async function expectAccounted(rig: Rig, vendor: VendorId, expected: string[], opts: { maxTimes?: number; timeoutMs?: number } = {}) {
  await waitDrained(rig.db, opts.timeoutMs ?? 60_000);
  const rows = await rig.db.delivery.findMany({ where: { vendor } });
  const unexplained = rows.filter((r) => r.status !== "delivered" && !(["skipped", "rejected", "dead"].includes(r.status) && r.lastError));
  expect(unexplained).toEqual([]);
  const counts = tally(acceptedKeys(vendor, rig.sims.servers[vendor].requests));
  expect([...counts.keys()].sort()).toEqual([...new Set(expected)].sort());
  const max = opts.maxTimes ?? 1;
  for (const [key, times] of counts) expect([key, times <= max]).toEqual([key, true]);
  expect((await fetch(`${rig.conduit.url}/healthz`)).status).toBe(200);
  return { rows, counts };
}
