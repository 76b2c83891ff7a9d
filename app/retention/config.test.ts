import { describe, expect, it } from "vitest";
import { retentionConfig } from "./config";

describe("retention settings", () => {
  it("keep delivered rows 30 days and failed ones 90 by default, checked hourly", () => {
    expect(retentionConfig({})).toEqual({ keepMs: 30 * 86_400_000, failedKeepMs: 90 * 86_400_000, checkMs: 3_600_000 });
  });

  it("check a short window often enough that nothing outlives it by more than a tenth", () => {
    expect(retentionConfig({ CONDUIT_RETENTION_DAYS: "0.0001", CONDUIT_RETENTION_FAILED_DAYS: "0" })).toMatchObject({ keepMs: 8_640, failedKeepMs: 0, checkMs: 864 });
  });

  it("never prune when both are 0", () => {
    expect(retentionConfig({ CONDUIT_RETENTION_DAYS: "0", CONDUIT_RETENTION_FAILED_DAYS: "0" }).checkMs).toBe(Infinity);
  });

  it("warn about a value that is not a number of days and use the default", () => {
    const warnings: string[] = [];
    expect(retentionConfig({ CONDUIT_RETENTION_DAYS: "a month" }, (m) => warnings.push(m)).keepMs).toBe(30 * 86_400_000);
    expect(warnings).toEqual(['CONDUIT_RETENTION_DAYS="a month" is not a number of days ≥ 0; using 30']);
  });
});
