import { describe, expect, it } from "vitest";
import { retentionConfig } from "./config";
import { describeRetention } from "./describe";

describe("the retention policy as the Privacy page states it", () => {
  it("names the windows in use", () => {
    const lines = describeRetention(retentionConfig({})).join(" ");
    expect(lines).toContain("deleted 30 days after they were last touched");
    expect(lines).toContain("stay 90 days so you can fix and replay them");
    expect(lines).toContain("until the customer is erased or for 30 days");
  });

  it("says when a kind of data is kept until deleted by hand", () => {
    const lines = describeRetention(retentionConfig({ CONDUIT_RETENTION_DAYS: "0", CONDUIT_RETENTION_FAILED_DAYS: "0" })).join(" ");
    expect(lines).toContain("retention is turned off");
    expect(lines).toContain("are kept until replayed or deleted");
  });

  it("reads short test windows in hours or seconds", () => {
    expect(describeRetention(retentionConfig({ CONDUIT_RETENTION_DAYS: String(3 / 86_400) }))[0]).toContain("deleted 3 seconds after");
    expect(describeRetention(retentionConfig({ CONDUIT_RETENTION_DAYS: "0.25" }))[0]).toContain("deleted 6 hours after");
  });
});
