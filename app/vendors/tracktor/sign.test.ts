import { describe, expect, it } from "vitest";
import { signIdentity } from "./sign";

describe("signIdentity (Tracktor.io secure mode)", () => {
  it("reproduces the vendor's documented vector as uppercase hex", () => {
    expect(signIdentity("2D8CarQ4rX3WvH6TK7DpJDk5", "5115")).toBe(
      "9622E88BED0B5BC186286CB9504A02E5F3B4207DCA0AB23CA4FBDDFC15627E2F",
    );
  });

  it("signs the identity, so another person gets another signature", () => {
    expect(signIdentity("2D8CarQ4rX3WvH6TK7DpJDk5", "5116")).not.toBe(signIdentity("2D8CarQ4rX3WvH6TK7DpJDk5", "5115"));
  });
});
