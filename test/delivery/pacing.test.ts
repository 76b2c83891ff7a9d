// A vendor's calls-per-second limit holds across drains and on both schedulers: Tracktor.io
// (one call a second, five records each) gets fifteen customers as three calls a second apart,
// even when every drain takes only one call's worth of rows.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { postgresSkipReason, providers } from "../support/database";
import { startDeployment } from "../support/deployment";
import { waitDrained } from "../support/drained";
import { customer } from "../support/entities";
import { bullmqAvailable, deployments, redisSkipReason } from "../support/queue";
import type { Rig } from "../support/rig";

if (!providers().includes("postgresql")) console.info(postgresSkipReason);
if (!bullmqAvailable()) console.info(redisSkipReason);

const N = Array.from({ length: 15 }, (_, i) => i + 1);
// The engine spaces call starts by 1 s; the first request of each call may land a few ms early.
const MIN_GAP_MS = 950;

describe.each(deployments())("vendor pacing on %s with the %s queue", (provider, mode) => {
  let rig: Rig;
  beforeAll(async () => {
    rig = (await startDeployment(provider, mode, { CONDUIT_DRAIN_LIMIT: "5" })).rig;
  });
  afterAll(() => rig?.close());

  it("keeps Tracktor.io's calls a second apart", async () => {
    const conn = await rig.connect("tracktor");
    await rig.batch([conn.id], async () => {
      for (const n of N) await rig.send(customer(n));
    });
    await waitDrained(rig.db);
    const requests = rig.sims.servers.tracktor.requests;
    expect(requests.map((r) => r.status)).toEqual(N.map(() => 200));
    const callStarts = [0, 5, 10].map((i) => requests[i].at);
    expect(callStarts[1] - callStarts[0]).toBeGreaterThanOrEqual(MIN_GAP_MS);
    expect(callStarts[2] - callStarts[1]).toBeGreaterThanOrEqual(MIN_GAP_MS);
  });
});
