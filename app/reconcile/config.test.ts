import { describe, expect, it } from "vitest";
import { reconcileConfig } from "./config";

describe("reconcileConfig", () => {
  it("passes hourly over the last 48 hours, checking once a minute, by default", () => {
    expect(reconcileConfig({})).toEqual({ intervalMs: 3_600_000, lookbackMs: 172_800_000, checkMs: 60_000 });
  });

  it("checks as often as a short interval asks, and 0 turns reconciliation off", () => {
    expect(reconcileConfig({ CONDUIT_RECONCILE_MINUTES: "0.02", CONDUIT_RECONCILE_LOOKBACK_HOURS: "1" })).toEqual({
      intervalMs: 1_200,
      lookbackMs: 3_600_000,
      checkMs: 1_200,
    });
    expect(reconcileConfig({ CONDUIT_RECONCILE_MINUTES: "0" }).intervalMs).toBe(0);
  });

  it("warns about a bad value and keeps the default", () => {
    const warnings: string[] = [];
    const config = reconcileConfig({ CONDUIT_RECONCILE_MINUTES: "hourly", CONDUIT_RECONCILE_LOOKBACK_HOURS: "-1" }, (m) => warnings.push(m));
    expect(config).toMatchObject({ intervalMs: 3_600_000, lookbackMs: 172_800_000 });
    expect(warnings).toEqual([
      'CONDUIT_RECONCILE_MINUTES="hourly" is not a number ≥ 0; using 60',
      'CONDUIT_RECONCILE_LOOKBACK_HOURS="-1" is not a number ≥ 0; using 48',
    ]);
  });
});
