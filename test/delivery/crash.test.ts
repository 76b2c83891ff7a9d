// The process delivering is killed with SIGKILL while vendor calls are in flight (the server with
// its embedded worker, or a BullMQ worker.js), then replaced: nothing is lost, a record already
// sent is re-sent at most once (idempotent upserts), and a purchase reaches Tracify once however
// often its order changes afterwards.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { postgresSkipReason, providers } from "../support/database";
import { waitDrained } from "../support/drained";
import { customer, order, orderId } from "../support/entities";
import { startDeployment, type Deployment } from "../support/deployment";
import { bullmqAvailable, deployments, redisSkipReason } from "../support/queue";
import type { Rig } from "../support/rig";
import { acceptedKeys, tally } from "../support/vendor-log";
import { waitFor } from "../support/wait";

if (!providers().includes("postgresql")) console.info(postgresSkipReason);
if (!bullmqAvailable()) console.info(redisSkipReason);

const N = [1, 2, 3];

describe.each(deployments())("a worker killed mid-batch on %s with the %s queue", (provider, mode) => {
  let deployment: Deployment;
  let rig: Rig;
  beforeAll(async () => {
    deployment = await startDeployment(provider, mode);
    rig = deployment.rig;
  });
  afterAll(() => rig?.close());

  it("loses nothing, re-sends at most once, and never doubles a purchase", async () => {
    const { tracify, ometria } = rig.sims.servers;
    const connections = [await rig.connect("tracify"), await rig.connect("ometria")];
    // Both vendors hold the first call long enough for the kill to land while it is in flight.
    for (const sim of [tracify, ometria]) sim.fail({ latencyMs: 3_000 });
    await rig.batch(connections.map((c) => c.id), async () => {
      for (const n of N) for (const hook of [customer(n), order(n)]) await rig.send(hook);
    });
    await waitFor("calls in flight at both vendors", () => tracify.requests.length > 0 && ometria.requests.length > 0);
    await deployment.stopDelivery("SIGKILL");
    expect(await rig.db.delivery.count({ where: { status: "in_flight" } })).toBeGreaterThan(0);
    await deployment.startDelivery();
    await waitDrained(rig.db);
    const rows = await rig.db.delivery.findMany({ include: { attemptLog: true } });
    expect(rows.filter((r) => r.status !== "delivered")).toEqual([]);
    expect(rows.filter((r) => r.attemptLog.some((a) => a.error === "lease expired")).length).toBeGreaterThan(0);

    const purchases = N.map((n) => `purchase:${orderId(n)}`);
    expect([...tally(acceptedKeys("tracify", tracify.requests)).keys()].sort()).toEqual(purchases.sort());
    for (const vendor of ["tracify", "ometria"] as const) {
      for (const [key, times] of tally(acceptedKeys(vendor, rig.sims.servers[vendor].requests))) expect([key, times]).toEqual([key, expect.toBeOneOf([1, 2])]);
    }
    expect([...rig.sims.defs.tracify.purchases.keys()].map((k) => k.split("/")[1]).sort()).toEqual(N.map((n) => String(orderId(n))).sort());

    // A later update of a purchased order sends no second purchase.
    const calls = tracify.requests.length;
    await rig.send(order(1, 2));
    await waitDrained(rig.db);
    const update = await rig.db.delivery.findFirstOrThrow({ where: { vendor: "tracify", topic: "orders/updated" } });
    expect(update).toMatchObject({ status: "skipped", lastError: "purchase already sent" });
    expect(tracify.requests.length).toBe(calls);
  });
});
