import { describe, expect, it } from "vitest";
import { tracktor } from "./index";

const parse = (input: unknown) => tracktor.settings.schema.safeParse(input);
const messages = (input: unknown) => {
  const r = parse(input);
  return r.success ? [] : r.error.issues.map((i) => i.message);
};

describe("Tracktor.io settings", () => {
  it("accepts a token alone, and treats a blank signature secret as not set", () => {
    expect(parse({ token: "abc123", signatureSecret: "  " })).toEqual({ success: true, data: { token: "abc123" } });
  });

  it("names the token when it is missing or malformed", () => {
    expect(messages({})).toEqual(["token: the application token is required"]);
    expect(messages({ token: " " })).toEqual(["token: the application token is required"]);
    expect(messages({ token: "ab c" })).toEqual(["token: the application token cannot contain spaces"]);
  });

  it("names the signature secret when it is malformed", () => {
    expect(messages({ token: "abc", signatureSecret: "a b" })).toEqual(["signatureSecret: the signature secret cannot contain spaces"]);
  });

  it("marks only the signature secret as secret and never publishes it", () => {
    expect(tracktor.settings.fields.map((f) => [f.key, f.secret, f.required])).toEqual([
      ["token", false, true],
      ["signatureSecret", true, false],
    ]);
    expect(tracktor.publicSettings({ token: "abc", signatureSecret: "s3cret" })).toEqual({ token: "abc" });
  });
});
