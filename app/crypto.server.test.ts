import { describe, expect, it } from "vitest";
import { decrypt, encrypt, generateKey, parseKey } from "./crypto.server";

describe("secrets at rest", () => {
  const key = parseKey(generateKey());

  it("round-trips and never stores the plaintext", () => {
    const sealed = encrypt('{"apiSecret":"m3trilo-secr3t"}', key);
    expect(sealed).toMatch(/^v1:/);
    expect(sealed).not.toContain("m3trilo");
    expect(decrypt(sealed, key)).toBe('{"apiSecret":"m3trilo-secr3t"}');
  });

  it("uses a fresh IV each time", () => {
    expect(encrypt("same", key)).not.toBe(encrypt("same", key));
  });

  it("refuses a wrong key and a tampered envelope", () => {
    const sealed = encrypt("secret", key);
    expect(() => decrypt(sealed, parseKey(generateKey()))).toThrow(/cannot be decrypted/);
    const parts = sealed.split(":");
    parts[3] = Buffer.from("tampered").toString("base64");
    expect(() => decrypt(parts.join(":"), key)).toThrow(/cannot be decrypted/);
  });

  it("explains a missing or malformed key", () => {
    expect(() => parseKey(undefined)).toThrow(/CONDUIT_ENCRYPTION_KEY is not set/);
    expect(() => parseKey("c2hvcnQ=")).toThrow(/32 bytes encoded as base64 \(got 5 bytes\)/);
  });
});
