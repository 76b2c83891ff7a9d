import { describe, expect, it } from "vitest";
import { paceCall, reserveCall } from "./pace";

describe("reserveCall", () => {
  it("lets the limit's calls go at once, then holds the next until a second (and a margin) after the first", () => {
    const at = [0, 10, 20, 30, 40].map((t) => reserveCall("a", 4, t).at);
    expect(at).toEqual([0, 10, 20, 30, 1050]);
  });

  it("makes up for a late call: the ones after it wait only for the window, not a fixed gap", () => {
    // Evenly paced, then one call 400 ms late: the next goes as soon as the window allows.
    const at = [0, 262, 524, 786, 1450, 1460].map((t) => reserveCall("b", 4, t).at);
    expect(at).toEqual([0, 262, 524, 786, 1450, 1460]);
    expect(reserveCall("b", 4, 1470).at).toBe(1574); // the fourth call back, 524, + 1 050
  });

  it("never lets more than the limit start within any second", () => {
    const at: number[] = [];
    for (let t = 0; t < 5000; t += 37) at.push(reserveCall("c", 5, Math.max(t, at[at.length - 1] ?? 0)).at);
    for (let i = 5; i < at.length; i++) expect(at[i] - at[i - 5]).toBeGreaterThanOrEqual(1000);
  });

  it("counts a call from when it really started, when the process woke late", async () => {
    const t0 = Date.now();
    await paceCall("f", 1);
    const second = paceCall("f", 1); // its turn: t0 + 1 050 ms
    const busyUntil = t0 + 1400;
    while (Date.now() < busyUntil); // the process is busy past that turn
    await second;
    expect(reserveCall("f", 1).at).toBeGreaterThanOrEqual(busyUntil + 1050);
  });

  it("keeps accounts apart", () => {
    for (let i = 0; i < 4; i++) reserveCall("d", 4, 0);
    expect(reserveCall("e", 4, 0).at).toBe(0);
  });
});
