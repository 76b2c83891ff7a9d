import { describe, expect, it } from "vitest";
import { TtlCache } from "./ttl-cache";

describe("TtlCache", () => {
  it("keeps a value for its time to live, then forgets it", () => {
    let now = 1_000;
    const cache = new TtlCache<string>(600_000, () => now);
    cache.set("shop-a", "https://a.example");
    now += 599_999;
    expect(cache.get("shop-a")).toBe("https://a.example");
    now += 1;
    expect(cache.get("shop-a")).toBeUndefined();
  });

  it("forgets a deleted value", () => {
    const cache = new TtlCache<number>(1_000);
    cache.set("k", 1);
    cache.delete("k");
    expect(cache.get("k")).toBeUndefined();
  });
});
