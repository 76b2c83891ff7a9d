// A vendor's 429 with Retry-After: the next call to that account comes no sooner than it said,
// whether the 429 refused the whole call or turned away only part of it while new work arrived.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { LoggedRequest } from "../../simulators/base";
import { postgresSkipReason, providers } from "../support/database";
import { customer, order } from "../support/entities";
import { startRig, type Rig } from "../support/rig";
import { waitFor } from "../support/wait";

if (!providers().includes("postgresql")) console.info(postgresSkipReason);

const RETRY_AFTER_MS = 2_000;
// A failure's backoff (at least half of this) far longer than Retry-After: a 429's rows must come
// back when the vendor said, not when a failed call would.
const RETRY_BASE_MS = 30_000;
const retryAfter = { "Retry-After": String(RETRY_AFTER_MS / 1000) };
const gapAfter429 = (requests: LoggedRequest[]) => {
  const i = requests.findIndex((r) => r.status === 429);
  return requests[i + 1].at - requests[i].at;
};

describe.each(providers())("vendor rate limits on %s", (provider) => {
  let rig: Rig;
  beforeAll(async () => {
    rig = await startRig(provider, { CONDUIT_RETRY_BASE_MS: String(RETRY_BASE_MS), CONDUIT_RETRY_MAX_MS: String(RETRY_BASE_MS) });
  });
  afterAll(() => rig?.close());

  const settledRows = (connectionId: string) =>
    waitFor("the connection's rows to settle", async () => {
      const rows = await rig.db.delivery.findMany({ where: { connectionId }, include: { attemptLog: { orderBy: { at: "asc" } } } });
      return rows.every((r) => r.status === "delivered") && rows;
    });

  it("waits out Retry-After when a 429 refuses the whole call, and no longer, without counting it as an attempt", async () => {
    const shop = "limits-whole.myshopify.com";
    const conn = await rig.connect("metrilo", shop);
    rig.sims.servers.metrilo.fail({ status: 429, headers: retryAfter });
    await rig.send(customer(1), { shop });
    const [row] = await settledRows(conn.id);
    expect(rig.sims.servers.metrilo.requests.map((r) => r.status)).toEqual([429, 200]);
    expect(gapAfter429(rig.sims.servers.metrilo.requests)).toBeGreaterThanOrEqual(RETRY_AFTER_MS);
    expect(gapAfter429(rig.sims.servers.metrilo.requests)).toBeLessThan(RETRY_BASE_MS / 2);
    expect(row.attempts).toBe(1);
    expect(row.attemptLog.map((a) => [a.toStatus, a.httpStatus])).toEqual([["retrying", 429], ["delivered", 200]]);
  });

  it("throttles the whole account when a 429 turns away part of a call, even for new rows", async () => {
    const shop = "limits-partial.myshopify.com";
    const conn = await rig.connect("tracktor", shop);
    const tracktor = rig.sims.servers.tracktor;
    // The customer's /set goes through; the order's purchase event meets the 429.
    tracktor.fail({ status: 429, headers: retryAfter, pathPrefix: "/track" });
    await rig.batch([conn.id], async () => {
      await rig.send(customer(2), { shop });
      await rig.send(order(2), { shop });
    });
    await waitFor("the 429", () => tracktor.requests.some((r) => r.status === 429));
    // New work for the same account arrives while it is throttled: it must wait as well.
    await rig.send(customer(3), { shop });
    const rows = await settledRows(conn.id);
    expect(rows).toHaveLength(3);
    expect(tracktor.requests.map((r) => `${r.path} ${r.status}`).slice(0, 2)).toEqual(["/set 200", "/track 429"]);
    expect(gapAfter429(tracktor.requests)).toBeGreaterThanOrEqual(RETRY_AFTER_MS);
    // The turned-away order came back when Tracktor.io said, not after a failure's backoff.
    const refusedAt = tracktor.requests.find((r) => r.status === 429)!.at;
    expect(Math.max(...tracktor.requests.map((r) => r.at)) - refusedAt).toBeLessThan(RETRY_BASE_MS / 2);
  });
});
