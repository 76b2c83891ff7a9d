// Two worker processes on one BullMQ queue (the web process only stores and enqueues): both take
// a share of the connections, and no record reaches a vendor twice.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { waitDrained } from "../support/drained";
import { customer, order, product } from "../support/entities";
import { jsonLines } from "../support/logs";
import type { Proc } from "../support/processes";
import { bullmqAvailable, queueEnv, redisSkipReason } from "../support/queue";
import { startRig, type Rig } from "../support/rig";
import { acceptedKeys, repeated } from "../support/vendor-log";

if (!bullmqAvailable()) console.info(redisSkipReason);

const SHOPS = [1, 2, 3, 4].map((s) => ({ domain: `scale-${s}.myshopify.com`, entities: [s * 10 + 1, s * 10 + 2] }));
const VENDORS = ["metrilo", "ometria"] as const;

(bullmqAvailable() ? describe : describe.skip)("two BullMQ workers on postgresql", () => {
  let rig: Rig;
  let workers: Proc[];
  beforeAll(async () => {
    rig = await startRig("postgresql", { ...queueEnv("bullmq"), CONDUIT_WORKER: "off" });
    // One drain at a time per worker, and slow vendors: while one worker is busy the other must work.
    workers = [await rig.startWorker({ LOG_LEVEL: "info", CONDUIT_WORKER_CONCURRENCY: "1" }), await rig.startWorker({ LOG_LEVEL: "info", CONDUIT_WORKER_CONCURRENCY: "1" })];
    for (const vendor of VENDORS) rig.sims.servers[vendor].fail({ latencyMs: 200, times: Infinity });
  });
  afterAll(() => rig?.close());

  it("shares the connections of several shops with no record delivered twice", async () => {
    for (const shop of SHOPS) for (const vendor of VENDORS) await rig.connect(vendor, shop.domain);
    for (const shop of SHOPS) {
      for (const n of shop.entities) for (const hook of [customer(n), product(n), order(n)]) await rig.send(hook, { shop: shop.domain });
    }
    await waitDrained(rig.db, 60_000);

    expect(await rig.db.delivery.count({ where: { status: { not: "delivered" } } })).toBe(0);
    for (const vendor of VENDORS) {
      const keys = acceptedKeys(vendor, rig.sims.servers[vendor].requests);
      expect(keys.length).toBeGreaterThanOrEqual(SHOPS.length * 2 * 3);
      expect(repeated(keys)).toEqual([]);
    }
    const shopsServed = workers.map((w) => new Set(jsonLines(w.output()).filter((l) => l.msg === "vendor call settled").map((l) => l.shop)));
    for (const served of shopsServed) expect(served.size).toBeGreaterThan(0);
    expect(new Set(shopsServed.flatMap((s) => [...s]))).toEqual(new Set(SHOPS.map((s) => s.domain)));
  });
});
