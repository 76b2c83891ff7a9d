// A vendor (or a proxy in front of it) answering a huge error body: the call fails as a retry with
// a short excerpt, the rest of the body is never downloaded, and the worker's memory stays put.
import { describe, expect, it } from "vitest";
import { createMetriloSimulator } from "../../simulators/metrilo";
import { serveForTests } from "../../simulators/testing";
import { RetryableError } from "./errors";
import { VENDOR_ANSWER_MAX_BYTES, vendorFetch } from "./http";
import { metrilo } from "./metrilo";
import { item, metriloCtx } from "./metrilo/testing";
import { sampleCustomer } from "../domain/samples";

const sim = serveForTests(createMetriloSimulator());
const HUGE = 400 * 1024 * 1024;

describe("vendor answers", () => {
  it("keeps a 400 MB error body as a truncated excerpt without downloading the rest", async () => {
    sim.fail({ status: 502, bodyBytes: HUGE });
    const before = process.memoryUsage().rss;
    const outcomes = await metrilo.deliver(metriloCtx(sim.url), [item({ kind: "customer", op: "upsert", record: sampleCustomer() })]).catch((err: unknown) => err);
    const grown = process.memoryUsage().rss - before;

    expect(outcomes).toBeInstanceOf(RetryableError);
    const err = outcomes as RetryableError;
    expect(err.httpStatus).toBe(502);
    expect(err.message.length).toBeLessThan(1_000);
    expect(err.response!.length).toBeLessThan(2_100);
    expect(err.response).toMatch(/^x{100}/);
    // The simulator handed over the cap plus what sockets buffer, nowhere near the 400 MB.
    expect(sim.requests[0].answeredBytes).toBeLessThan(VENDOR_ANSWER_MAX_BYTES + 16 * 1024 * 1024);
    expect(grown).toBeLessThan(64 * 1024 * 1024);
  });

  it("says the answer was cut, and how long it claimed to be", async () => {
    sim.fail({ status: 500, bodyBytes: VENDOR_ANSWER_MAX_BYTES + 10 });
    const res = await vendorFetch(`${sim.url}/customer`, { method: "POST", body: "{}" });
    expect(res.truncated).toBe(true);
    expect(res.text.endsWith(`… (answer cut at ${VENDOR_ANSWER_MAX_BYTES} bytes of ${VENDOR_ANSWER_MAX_BYTES + 10})`)).toBe(true);
  });

  it("reads an answer at the cap whole", async () => {
    sim.fail({ status: 500, bodyBytes: VENDOR_ANSWER_MAX_BYTES });
    const res = await vendorFetch(`${sim.url}/customer`, { method: "POST", body: "{}" });
    expect(res.truncated).toBeUndefined();
    expect(res.text).toHaveLength(VENDOR_ANSWER_MAX_BYTES);
  });
});
