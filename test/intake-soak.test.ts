// Soak (issue 9 §7): webhooks through the embedded default under `ulimit -n 1024` with the worker
// delivering. Before the SQLite fix every webhook leaked two descriptors: 124 were answered, then
// the server refused connections. CONDUIT_SOAK_WEBHOOKS sets the count (CI-sized by default);
// `npx tsx bench/soak.ts` runs the full 20 000.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { postgresSkipReason, providers } from "./support/database";
import { startRig, type Rig } from "./support/rig";
import { restartUnderUlimit, soak } from "./support/soak";

if (!providers().includes("postgresql")) console.info(postgresSkipReason);

const TOTAL = Number(process.env.CONDUIT_SOAK_WEBHOOKS ?? 1_500);
const SHOP = "soak.myshopify.com";

describe.each(providers())("soak on %s", (provider) => {
  let rig: Rig;
  beforeAll(async () => {
    rig = await startRig(provider, { CONDUIT_POLL_MS: "200" });
    await rig.connect("metrilo", SHOP);
    await restartUnderUlimit(rig, 1024);
  });
  afterAll(() => rig?.close());

  it(`stores and delivers ${TOTAL} webhooks with open files and memory flat`, async () => {
    const r = await soak(rig, SHOP, TOTAL);
    console.info(`soak on ${provider}: [sent, fds, RSS MB] ${JSON.stringify(r.samples.map(([n, f, m]) => [n, f, Math.round(m)]))}`);
    expect(r.answered200).toBe(TOTAL);
    expect(r).toMatchObject({ delivered: TOTAL, notDelivered: 0, healthz: 200 });
    // Flat: after the first tenth (connections, pools and caches warm), descriptors move by a
    // handful at most, and memory ends within half again of where it was then.
    const warm = r.samples[Math.floor(r.samples.length / 10)];
    const end = r.samples[r.samples.length - 1];
    expect(Math.max(...r.samples.slice(r.samples.indexOf(warm)).map(([, fds]) => fds))).toBeLessThanOrEqual(warm[1] + 12);
    expect(end[2]).toBeLessThan(warm[2] * 1.5);
  }, 600_000);
});
