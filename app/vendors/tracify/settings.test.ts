import { describe, expect, it } from "vitest";
import { tracify } from "./index";

const CSID = "3f2c1a9e-7b4d-4c1e-9a2b-5d6e7f8a9b0c";
const messages = (input: unknown) => {
  const r = tracify.settings.schema.safeParse(input);
  return r.success ? [] : r.error.issues.map((i) => i.message);
};

describe("Tracify settings", () => {
  it("accepts an API key and a UUID site ID, lowercasing the ID", () => {
    expect(tracify.settings.schema.parse({ apiKey: "key-1", customerSiteId: ` ${CSID.toUpperCase()} ` })).toEqual({ apiKey: "key-1", customerSiteId: CSID });
  });

  it("names customerSiteId when it is not a UUID", () => {
    expect(messages({ apiKey: "k", customerSiteId: "site-42" })).toEqual(["customerSiteId: must be a UUID like 00000000-0000-0000-0000-000000000000"]);
    expect(messages({ apiKey: "k", customerSiteId: `${CSID}0` })).toHaveLength(1);
  });

  it("names each missing field", () => {
    expect(messages({})).toEqual(["apiKey: the API key is required", "customerSiteId: the customer site ID is required"]);
  });

  it("keeps the API key secret and publishes only the site ID", () => {
    expect(tracify.settings.fields.map((f) => [f.key, f.secret])).toEqual([["apiKey", true], ["customerSiteId", false]]);
    expect(tracify.publicSettings({ apiKey: "key-1", customerSiteId: CSID })).toEqual({ customerSiteId: CSID });
  });
});
