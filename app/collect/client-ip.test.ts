import { describe, expect, it } from "vitest";
import { clientIp, trustedProxies } from "./client-ip";

describe("the visitor's IP address", () => {
  const trusted = trustedProxies("10.0.0.1, 10.0.0.2");

  it("ignores X-Forwarded-For from a peer that is not a trusted proxy", () => {
    expect(clientIp("198.51.100.9", "203.0.113.7", trusted)).toBe("198.51.100.9");
  });

  it("takes the right-most untrusted hop behind trusted proxies", () => {
    expect(clientIp("::ffff:10.0.0.1", "1.2.3.4, 203.0.113.7, 10.0.0.2", trusted)).toBe("203.0.113.7");
  });

  it("falls back to the peer when a trusted proxy sends no header", () => {
    expect(clientIp("10.0.0.1", null, trusted)).toBe("10.0.0.1");
    expect(clientIp(null, "203.0.113.7", trusted)).toBeNull();
  });
});
