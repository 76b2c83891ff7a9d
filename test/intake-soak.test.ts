// Soak (issue 9 §7): webhooks through the embedded default under `ulimit -n 1024` with the worker
// delivering. Before the SQLite fix every webhook leaked two descriptors: 124 were answered, then
// the server refused connections. The embedded default (SQLite) takes the full 20 000
// (about two minutes); PostgreSQL a CI-sized 1 500. CONDUIT_SOAK_WEBHOOKS sets both.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { postgresSkipReason, providers } from "./support/database";
import { startRig, type Rig } from "./support/rig";
import { flatness, restartUnderUlimit, soak } from "./support/soak";

if (!providers().includes("postgresql")) console.info(postgresSkipReason);

const total = (provider: string) => Number(process.env.CONDUIT_SOAK_WEBHOOKS ?? (provider === "sqlite" ? 20_000 : 1_500));
const SHOP = "soak.myshopify.com";

describe.each(providers())("soak on %s", (provider) => {
  const TOTAL = total(provider);
  let rig: Rig;
  beforeAll(async () => {
    rig = await startRig(provider, { CONDUIT_POLL_MS: "200" });
    await rig.connect("metrilo", SHOP);
    await restartUnderUlimit(rig, 1024);
  });
  afterAll(() => rig?.close());

  it(`stores and delivers ${TOTAL} webhooks with open files and memory flat`, async () => {
    const r = await soak(rig, SHOP, TOTAL);
    console.info(`soak on ${provider}: ${r.delivered} delivered, not delivered ${JSON.stringify(r.explained)}`);
    console.info(`soak on ${provider}: [sent, fds, RSS MB] ${JSON.stringify(r.samples.map(([n, f, m]) => [n, f, Math.round(m)]))}`);
    expect(r.answered200).toBe(TOTAL);
    // Every record delivered or explained: a product or customer whose state an order's call
    // already carried is skipped with that reason.
    expect(r.delivered + r.skipped).toBe(TOTAL);
    expect(r).toMatchObject({ unaccounted: 0, healthz: 200 });
    const flat = flatness(r.samples);
    expect(flat.maxFds).toBeLessThanOrEqual(flat.warm[1] + 12);
    expect(flat.end[2]).toBeLessThan(flat.warm[2] * 1.5);
  }, 600_000);
});
