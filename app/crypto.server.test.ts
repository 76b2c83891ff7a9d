import { describe, expect, it } from "vitest";
import { decrypt, encrypt, generateKey, parseKey } from "./crypto.server";

describe("secrets at rest", () => {
  const key = parseKey(generateKey());

  it("round-trips and never stores the plaintext", () => {
    const sealed = encrypt('{"apiSecret":"m3trilo-secr3t"}', key);
    expect(sealed).toMatch(/^v2:[0-9a-f]{12}:/);
    expect(sealed).not.toContain("m3trilo");
    expect(decrypt(sealed, key)).toBe('{"apiSecret":"m3trilo-secr3t"}');
  });

  it("uses a fresh IV each time", () => {
    expect(encrypt("same", key)).not.toBe(encrypt("same", key));
  });

  it("refuses a wrong key and a tampered envelope", () => {
    const sealed = encrypt("secret", key);
    expect(() => decrypt(sealed, parseKey(generateKey()))).toThrow(/sealed with key [0-9a-f]+, which is neither/);
    const parts = sealed.split(":");
    parts[4] = Buffer.from("tampered").toString("base64");
    expect(() => decrypt(parts.join(":"), key)).toThrow(/cannot be decrypted/);
  });

  it("opens with whichever key of the ring sealed it, and names a key it does not hold", () => {
    const old = parseKey(generateKey());
    const sealed = encrypt("secret", old);
    expect(decrypt(sealed, [key, old])).toBe("secret");
    expect(() => decrypt(sealed, [key])).toThrow(/sealed with key [0-9a-f]{12}, which is neither CONDUIT_ENCRYPTION_KEY/);
  });

  it("still reads v1 envelopes, which name no key", () => {
    const v2 = encrypt("legacy", key).split(":");
    expect(decrypt(["v1", ...v2.slice(2)].join(":"), [parseKey(generateKey()), key])).toBe("legacy");
  });

  it("explains a missing or malformed key", () => {
    expect(() => parseKey(undefined)).toThrow(/CONDUIT_ENCRYPTION_KEY is not set/);
    expect(() => parseKey("c2hvcnQ=")).toThrow(/32 bytes encoded as base64 \(got 5 bytes\)/);
  });
});
