import { describe, expect, it } from "vitest";
import { filterSearch, parseFilter, statusesFor } from "./activity-filter";

describe("activity filter in the URL", () => {
  it("reads what it knows and ignores the rest", () => {
    const f = parseFilter(new URLSearchParams("vendor=metrilo&status=nonsense&page=0&entity=%20123%20&index&x=1"));
    expect(f).toEqual({ vendor: "metrilo", entity: "123" });
  });

  it("reads a datetime-local value as UTC and an ISO time as itself", () => {
    const f = parseFilter(new URLSearchParams("from=2026-01-02T10:00&to=2026-01-02T12:00:00%2B02:00"));
    expect(f.from?.toISOString()).toBe("2026-01-02T10:00:00.000Z");
    expect(f.to?.toISOString()).toBe("2026-01-02T10:00:00.000Z");
  });

  it("round-trips through the query string", () => {
    const f = { vendor: "ometria", status: "failed", from: new Date("2026-01-02T10:00:00Z"), page: 2 };
    expect(parseFilter(new URLSearchParams(filterSearch(f)))).toEqual(f);
  });

  it("expands status groups", () => {
    expect(statusesFor("failed").sort()).toEqual(["dead", "rejected"]);
    expect(statusesFor("undelivered")).not.toContain("delivered");
    expect(statusesFor("retrying")).toEqual(["retrying"]);
  });
});
