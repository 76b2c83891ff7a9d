import { describe, expect, it } from "vitest";
import { embedEnabled, themeEditorUrl } from "./embed";

const type = "shopify://apps/conduit/blocks/conduit-tracking/0b3c8f7e-1111-4a2b-9c3d-000000000001";
const settings = (blocks: object, comment = true) =>
  `${comment ? "/*\n * IMPORTANT: The contents of this file are auto-generated.\n */\n" : ""}${JSON.stringify({ current: { blocks } })}`;

describe("embedEnabled", () => {
  it("is on when the live theme holds Conduit's embed not disabled, past Shopify's leading comment", () => {
    expect(embedEnabled(settings({ "123": { type, disabled: false, settings: {} } }))).toBe(true);
    expect(embedEnabled(settings({ "123": { type } }, false))).toBe(true);
  });

  it("is off when disabled, absent, or another app's or block's embed", () => {
    expect(embedEnabled(settings({ "123": { type, disabled: true } }))).toBe(false);
    expect(embedEnabled(settings({}))).toBe(false);
    expect(embedEnabled(JSON.stringify({ current: {} }))).toBe(false);
    expect(embedEnabled(settings({ "1": { type: type.replace("conduit-tracking", "conduit-trackingx") } }))).toBe(false);
    expect(embedEnabled(settings({ "1": { type: "shopify://apps/other/blocks/reviews/abc" } }))).toBe(false);
  });

  it("follows `current` when it names a preset", () => {
    expect(embedEnabled(JSON.stringify({ current: "Dawn", presets: { Dawn: { blocks: { "1": { type } } } } }))).toBe(true);
  });

  it("throws on a file that is not JSON, so the caller can say it could not tell", () => {
    expect(() => embedEnabled("{not json")).toThrow();
  });
});

describe("themeEditorUrl", () => {
  it("is Shopify's deep link to the app embed in the live theme", () => {
    expect(themeEditorUrl("shop.myshopify.com", "abc123")).toBe(
      "https://shop.myshopify.com/admin/themes/current/editor?context=apps&activateAppId=abc123/conduit-tracking",
    );
  });
});
