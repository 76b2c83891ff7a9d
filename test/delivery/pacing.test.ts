// A vendor's calls-per-second limit holds across drains and on both schedulers: Ometria (four
// pushes a second) gets fifteen customers as three pushes a quarter of a second apart, even when
// every drain takes only five rows.
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
// Pushes are spaced by 250 ms and a margin; a request may land a few ms early.
const MIN_GAP_MS = 240;

describe.each(deployments())("vendor pacing on %s with the %s queue", (provider, mode) => {
  let rig: Rig;
  beforeAll(async () => {
    rig = (await startDeployment(provider, mode, { CONDUIT_DRAIN_LIMIT: "5" })).rig;
  });
  afterAll(() => rig?.close());

  it("keeps Ometria's pushes a quarter of a second apart", async () => {
    const conn = await rig.connect("ometria");
    await rig.batch([conn.id], async () => {
      for (const n of N) await rig.send(customer(n));
    });
    await waitDrained(rig.db);
    const requests = rig.sims.servers.ometria.requests;
    expect(requests.map((r) => [r.status, (JSON.parse(r.body) as unknown[]).length])).toEqual([[200, 5], [200, 5], [200, 5]]);
    const callStarts = requests.map((r) => r.at);
    expect(callStarts[1] - callStarts[0]).toBeGreaterThanOrEqual(MIN_GAP_MS);
    expect(callStarts[2] - callStarts[1]).toBeGreaterThanOrEqual(MIN_GAP_MS);
  });
});
