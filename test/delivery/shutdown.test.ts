// SIGTERM while a slow vendor call is in flight (a deploy, a scale-down): the call finishes and
// is recorded, no new call starts, the process exits 0, and what it did not send waits for the
// next process — nothing left in flight.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { postgresSkipReason, providers } from "../support/database";
import { waitDrained } from "../support/drained";
import { customer } from "../support/entities";
import { startDeployment, type Deployment } from "../support/deployment";
import { bullmqAvailable, deployments, redisSkipReason } from "../support/queue";
import type { Rig } from "../support/rig";
import { waitFor } from "../support/wait";

if (!providers().includes("postgresql")) console.info(postgresSkipReason);
if (!bullmqAvailable()) console.info(redisSkipReason);

// Metrilo takes 50 records a call: sixty customers are two calls.
const N = Array.from({ length: 60 }, (_, i) => i + 1);

describe.each(deployments())("SIGTERM during a vendor call on %s with the %s queue", (provider, mode) => {
  let deployment: Deployment;
  let rig: Rig;
  beforeAll(async () => {
    deployment = await startDeployment(provider, mode);
    rig = deployment.rig;
  });
  afterAll(() => rig?.close());

  it("finishes and records the call under way, starts no other, and exits 0", async () => {
    const metrilo = rig.sims.servers.metrilo;
    const conn = await rig.connect("metrilo");
    metrilo.fail({ latencyMs: 1_500 });
    await rig.batch([conn.id], async () => {
      for (const n of N) await rig.send(customer(n));
    });
    await waitFor("the first call in flight", () => metrilo.requests.length > 0);

    const code = await deployment.stopDelivery("SIGTERM");
    expect(code).toBe(0);
    expect(metrilo.requests.map((r) => r.status)).toEqual([200]);
    const rows = await rig.db.delivery.findMany({ where: { connectionId: conn.id } });
    const count = (status: string) => rows.filter((r) => r.status === status).length;
    expect([count("delivered"), count("pending"), count("in_flight")]).toEqual([50, 10, 0]);

    await deployment.startDelivery();
    await waitDrained(rig.db);
    expect(metrilo.requests).toHaveLength(2);
    expect(await rig.db.delivery.count({ where: { connectionId: conn.id, status: "delivered" } })).toBe(N.length);
  });
});
