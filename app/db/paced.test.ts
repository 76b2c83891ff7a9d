import { describe, expect, it } from "vitest";
import { paced } from "./paced";

describe("paced reads", () => {
  let clock = 0;
  const now = () => clock;
  const read = (value: string, takes: number) => async () => {
    clock += takes;
    return value;
  };

  it("reuses an answer until nine times as long as it took has passed, then reads again", async () => {
    clock = 0;
    const counts = paced<string>({ now });
    expect(await counts("run", read("first", 100))).toBe("first"); // 0 → 100 ms
    clock = 999;
    expect(await counts("run", read("second", 100))).toBe("first");
    clock = 1000;
    expect(await counts("run", read("second", 5))).toBe("second"); // cheap now: fresh again after 45 ms
    clock = 1050;
    expect(await counts("run", read("third", 5))).toBe("third");
  });

  it("keeps keys apart, shares a read in flight, and does not keep a failure", async () => {
    clock = 0;
    const counts = paced<string>({ now });
    let calls = 0;
    let finish!: (v: string) => void;
    const slow = () => {
      calls++;
      return new Promise<string>((resolve) => (finish = resolve));
    };
    const [a, b] = [counts("run", slow), counts("run", slow)];
    expect(await counts("other", read("other's", 1))).toBe("other's");
    finish("shared");
    expect([await a, await b, calls]).toEqual(["shared", "shared", 1]);

    const failing = paced<string>({ now });
    await expect(failing("run", () => Promise.reject(new Error("database gone")))).rejects.toThrow("database gone");
    expect(await failing("run", read("recovered", 1))).toBe("recovered");
  });

  it("reuses even a cheap answer for at least the floor it is given", async () => {
    clock = 0;
    const counts = paced<string>({ atLeastMs: 15_000, now });
    expect(await counts("outbox", read("first", 20))).toBe("first");
    clock = 14_999;
    expect(await counts("outbox", read("second", 20))).toBe("first");
    clock = 15_000;
    expect(await counts("outbox", read("second", 2_000))).toBe("second"); // slow now: 15 000 → 17 000 ms, then 18 s more
    clock = 34_999;
    expect(await counts("outbox", read("third", 20))).toBe("second");
    clock = 35_000;
    expect(await counts("outbox", read("third", 20))).toBe("third");
  });
});
