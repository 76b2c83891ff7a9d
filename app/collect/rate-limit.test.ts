import { describe, expect, it } from "vitest";
import { parseLimit, RateLimiter } from "./rate-limit";

describe("collect rate limit", () => {
  it("allows a window's events, then names the wait until it reopens", () => {
    let now = 1_000;
    const limiter = new RateLimiter({ events: 3, windowMs: 10_000 }, () => now);
    expect(limiter.take("shop/visitor", 2)).toBe(0);
    expect(limiter.take("shop/visitor", 2)).toBe(10_000);
    expect(limiter.take("shop/other", 3)).toBe(0);
    now += 4_000;
    expect(limiter.take("shop/visitor", 1)).toBe(0);
    expect(limiter.take("shop/visitor", 1)).toBe(6_000);
    now += 6_000;
    expect(limiter.take("shop/visitor", 3)).toBe(0);
  });

  it("reads limits such as 120/10s and falls back on nonsense", () => {
    const fallback = { events: 1, windowMs: 1 };
    expect(parseLimit("120/10s", fallback)).toEqual({ events: 120, windowMs: 10_000 });
    expect(parseLimit("5000/1m", fallback)).toEqual({ events: 5000, windowMs: 60_000 });
    expect(parseLimit("lots", fallback)).toBe(fallback);
    expect(parseLimit("0/10s", fallback)).toBe(fallback); // would refuse every event
    expect(parseLimit("10/0s", fallback)).toBe(fallback);
  });
});
