// A vendor's calls-per-second limit holds across drains and on both schedulers: Ometria (four
// pushes a second) gets thirty customers as six pushes, never more than four in a second, even
// when every drain takes only five rows.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { postgresSkipReason, providers } from "../support/database";
import { startDeployment } from "../support/deployment";
import { waitDrained } from "../support/drained";
import { customer } from "../support/entities";
import { bullmqAvailable, deployments, redisSkipReason } from "../support/queue";
import type { Rig } from "../support/rig";

if (!providers().includes("postgresql")) console.info(postgresSkipReason);
if (!bullmqAvailable()) console.info(redisSkipReason);

const N = Array.from({ length: 30 }, (_, i) => i + 1);

describe.each(deployments())("vendor pacing on %s with the %s queue", (provider, mode) => {
  let rig: Rig;
  beforeAll(async () => {
    rig = (await startDeployment(provider, mode, { CONDUIT_DRAIN_LIMIT: "5" })).rig;
  });
  afterAll(() => rig?.close());

  it("keeps Ometria's pushes to four in any second", async () => {
    const conn = await rig.connect("ometria");
    await rig.batch([conn.id], async () => {
      for (const n of N) await rig.send(customer(n));
    });
    await waitDrained(rig.db);
    const requests = rig.sims.servers.ometria.requests;
    // Every push accepted: the simulator answers 429 to a fifth call inside its one-second window.
    expect(requests.map((r) => [r.status, (JSON.parse(r.body) as unknown[]).length])).toEqual(Array.from({ length: 6 }, () => [200, 5]));
    const callStarts = requests.map((r) => r.at);
    for (let i = 4; i < callStarts.length; i++) expect(callStarts[i] - callStarts[i - 4]).toBeGreaterThanOrEqual(1000);
  });
});
