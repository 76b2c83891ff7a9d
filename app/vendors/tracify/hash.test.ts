import { createHash } from "node:crypto";
import { describe, expect, it } from "vitest";
import { anonymize, identityData } from "./hash";

const sha256hex = (v: string) => createHash("sha256").update(v, "utf8").digest("hex");

describe("Tracify anonymization", () => {
  it("hashes, drops the last 5 hex characters, and hashes the rest", () => {
    const h = sha256hex("203.0.113.7");
    expect(h).toHaveLength(64);
    const rest = h.slice(0, 59);
    expect(anonymize("203.0.113.7")).toBe(sha256hex(rest));
    expect(anonymize("203.0.113.7")).not.toBe(sha256hex(h)); // the truncation matters
  });

  it("matches values pinned once by hand", () => {
    expect(anonymize("ada@example.com")).toBe("ba803a759b7dfdbc2286cc1a1500729919f1b75c88375e329fe95e0d50b858e7");
    expect(anonymize("192.168.1.1|Mozilla/5.0")).toBe("6fa4c6102d82c29727f536f606dfa1780df4b188846ff70042cdafbcee84a404");
  });

  it("builds classes 1–4, the email normalised and the session as IP|UA", () => {
    const data = identityData({ email: "  Ada@Example.COM ", ip: "192.168.1.1", userAgent: "Mozilla/5.0" });
    expect(data).toEqual({
      ba803a759b7dfdbc2286cc1a1500729919f1b75c88375e329fe95e0d50b858e7: 1,
      "6fa4c6102d82c29727f536f606dfa1780df4b188846ff70042cdafbcee84a404": 2,
      [sha256hex(sha256hex("192.168.1.1").slice(0, -5))]: 3,
      [sha256hex(sha256hex("Mozilla/5.0").slice(0, -5))]: 4,
    });
  });

  it("leaves out class 1 when there is no email", () => {
    expect(Object.values(identityData({ email: null, ip: "192.168.1.1", userAgent: "Mozilla/5.0" }))).toEqual([2, 3, 4]);
  });
});
