import { describe, expect, it } from "vitest";
import { outageBackoff } from "./outage";

describe("outageBackoff", () => {
  it("doubles the wait after each failed pass, up to the cap", () => {
    const outage = outageBackoff(500, 4_000);
    let now = 0;
    const waits = [];
    for (let i = 0; i < 6; i++) {
      const w = outage.failed(now)!;
      waits.push(w.delayMs);
      now += w.delayMs;
    }
    expect(waits).toEqual([500, 1_000, 2_000, 4_000, 4_000, 4_000]);
  });

  it("counts lanes failing during one wait as one failure", () => {
    const outage = outageBackoff(500, 4_000);
    expect(outage.failed(0)).toEqual({ delayMs: 500, failures: 1 });
    expect(outage.failed(10)).toBeUndefined();
    expect(outage.failed(499)).toBeUndefined();
    expect(outage.failed(500)).toEqual({ delayMs: 1_000, failures: 2 });
  });

  it("starts again from the base once a pass succeeds", () => {
    const outage = outageBackoff(500, 4_000);
    outage.failed(0);
    outage.failed(600);
    expect(outage.succeeded()).toBe(2);
    expect(outage.succeeded()).toBe(0);
    expect(outage.failed(700)).toEqual({ delayMs: 500, failures: 1 });
  });
});
