import { describe, expect, it } from "vitest";
import { explainFailure, explainHeld } from "./explain";

const explain = (status: string, lastError: string | null, responseStatus?: number | null) =>
  explainFailure({ vendorName: "Metrilo", status, lastError, responseStatus });

describe("explainFailure", () => {
  it("says nothing about a delivered row or one without an error", () => {
    expect(explain("delivered", "old error")).toBeNull();
    expect(explain("pending", null)).toBeNull();
  });

  it("blames the vendor's server for 5xx and says whether Conduit still retries", () => {
    expect(explain("retrying", "Metrilo answered 503: busy")).toBe("Metrilo's server had a problem (HTTP 503); nothing is wrong with your data. Conduit retries by itself.");
    expect(explain("dead", "Metrilo answered 500", 500)).toMatch(/Conduit stopped retrying: press Retry once Metrilo works again\.$/);
  });

  it("sends the merchant to the settings for refused credentials, read from the message when no status was kept", () => {
    expect(explain("needs_attention", "Metrilo credentials refused (401): bad token")).toMatch(/^Metrilo refused Conduit's credentials \(HTTP 401\)\. Check the keys/);
  });

  it("tells a refused record from an unreachable vendor", () => {
    expect(explain("rejected", "Metrilo refused the request (422): email invalid", 422)).toMatch(/^Metrilo refused this record \(HTTP 422\)/);
    expect(explain("retrying", "no answer from trk.mtrl.me: timeout")).toBe("Metrilo could not be reached: it did not answer. Conduit retries by itself.");
  });

  it("passes on the reason a row was not sent", () => {
    expect(explain("skipped", "customer has no email address")).toBe("Not sent to Metrilo: customer has no email address.");
  });
});

describe("explainHeld", () => {
  const conn = (over = {}) => ({ enabled: true, status: "active", statusReason: null, ...over });

  it("says nothing while the connection runs", () => {
    expect(explainHeld("Metrilo", conn())).toBeNull();
    expect(explainHeld("Metrilo", null)).toBeNull();
  });

  it("names what stops the connection and what starts it again", () => {
    expect(explainHeld("Metrilo", conn({ enabled: false }))).toBe("Held while Metrilo is turned off in Conduit: it goes out once you enable Metrilo again.");
    expect(explainHeld("Metrilo", conn({ status: "needs_attention", statusReason: "Metrilo forbidden (403): bad digest" })))
      .toMatch(/^Held until Metrilo works again\. Metrilo refused Conduit's credentials \(HTTP 403\)\. Check the keys/);
    expect(explainHeld("Metrilo", conn({ status: "needs_attention" }))).toBe("Held until Metrilo works again. Check Metrilo's settings and press Test connection.");
    expect(explainHeld("Metrilo", conn({ status: "paused", statusReason: "The app was uninstalled from the store." }))).toBe("Held: The app was uninstalled from the store.");
  });
});
