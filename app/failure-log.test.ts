import { describe, expect, it } from "vitest";
import { failureLog } from "./failure-log";

function recorder() {
  const lines: { level: string; fields: Record<string, unknown>; msg: string }[] = [];
  return {
    lines,
    log: {
      error: (fields: Record<string, unknown>, msg: string) => void lines.push({ level: "error", fields, msg }),
      info: (fields: Record<string, unknown>, msg: string) => void lines.push({ level: "info", fields, msg }),
    } as never,
  };
}

describe("failureLog", () => {
  it("logs an outage's first failure, then one line a minute with how many failed meanwhile, then its end", () => {
    const { lines, log } = recorder();
    let t = 0;
    const failures = failureLog(log, "webhooks", 60_000, () => t);
    for (let i = 0; i < 500; i++) {
      failures.failed({ topic: "orders/create" }, "webhook not stored: answering 503");
      t += 100; // 10 a second for 50 s
    }
    expect(lines).toEqual([{ level: "error", fields: { topic: "orders/create" }, msg: "webhook not stored: answering 503" }]);
    t = 61_000;
    failures.failed({ topic: "orders/paid" }, "webhook not stored: answering 503");
    expect(lines[1]).toEqual({ level: "error", fields: { topic: "orders/paid", failedMeanwhile: 499 }, msg: "webhook not stored: answering 503 (still failing)" });
    failures.succeeded();
    failures.succeeded();
    expect(lines.slice(2)).toEqual([{ level: "info", fields: { failed: 501 }, msg: "webhooks work again" }]);
  });

  it("logs the first failure of the next outage whole again", () => {
    const { lines, log } = recorder();
    const failures = failureLog(log, "webhooks", 60_000, () => 0);
    failures.failed({}, "down");
    failures.succeeded();
    failures.failed({}, "down");
    expect(lines.map((l) => l.msg)).toEqual(["down", "webhooks work again", "down"]);
  });

  it("says nothing while nothing fails", () => {
    const { lines, log } = recorder();
    failureLog(log, "webhooks").succeeded();
    expect(lines).toEqual([]);
  });
});
