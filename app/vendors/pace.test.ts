import { describe, expect, it } from "vitest";
import { paceCall } from "./pace";

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

/** Makes `count` calls of `takesMs` each to `key`, one after another; returns when each started and was answered. */
async function calls(key: string, perSecond: number, count: number, takesMs = 0) {
  const made: { started: number; answered: number }[] = [];
  for (let i = 0; i < count; i++) {
    const answered = await paceCall(key, perSecond);
    const started = Date.now();
    if (takesMs) await sleep(takesMs);
    answered();
    made.push({ started, answered: Date.now() });
  }
  return made;
}

describe("paceCall", () => {
  it("lets the limit's calls go at once, then holds the next until a second after the first was answered", async () => {
    const made = await calls("a", 4, 5);
    expect(made[3].started - made[0].started).toBeLessThan(100);
    expect(made[4].started - made[0].answered).toBeGreaterThanOrEqual(1000);
  });

  it("counts from the answer, not the start: a slow call pushes the window back", async () => {
    const made = await calls("b", 2, 3, 300);
    expect(made[2].started - made[0].answered).toBeGreaterThanOrEqual(1000);
    expect(made[2].started - made[0].started).toBeGreaterThanOrEqual(1300);
  });

  it("makes up for a late call: the ones after it wait only for the window, not a fixed gap", async () => {
    await calls("c", 2, 2);
    await sleep(1500); // the process was busy: the window has long passed
    const t = Date.now();
    const next = await calls("c", 2, 2);
    expect(next[1].started - t).toBeLessThan(100);
  });

  it("holds a call while the one it counts from is still under way, and never lets two waiters take one turn", async () => {
    const first = await paceCall("d", 1);
    const order: string[] = [];
    const waiters = ["x", "y"].map(async (name) => {
      const answered = await paceCall("d", 1);
      order.push(`${name} ${Date.now()}`);
      answered();
    });
    await sleep(1200);
    expect(order).toEqual([]); // the first call has not been answered: nobody goes
    const answeredAt = Date.now();
    first();
    await Promise.all(waiters);
    const [x, y] = order.map((o) => Number(o.split(" ")[1]));
    expect(x - answeredAt).toBeGreaterThanOrEqual(1000);
    expect(y - x).toBeGreaterThanOrEqual(1000);
  });

  it("keeps accounts apart", async () => {
    await calls("e", 1, 1);
    const t = Date.now();
    await calls("f", 1, 1);
    expect(Date.now() - t).toBeLessThan(100);
  });
});
