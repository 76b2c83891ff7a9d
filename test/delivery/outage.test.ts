// A vendor answering 500 for a stretch, then recovering: every record arrives exactly once, the
// rows end delivered, and their attempt log shows each failed try with the vendor's status. A
// vendor that never recovers: rows die once the retry window (here a fraction of an hour) is over,
// keeping the body that was tried.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { postgresSkipReason, providers } from "../support/database";
import { waitDrained } from "../support/drained";
import { customer, email, order, orderId, product, productId } from "../support/entities";
import { startRig, type Rig } from "../support/rig";
import { acceptedKeys, tally } from "../support/vendor-log";
import { waitFor } from "../support/wait";

if (!providers().includes("postgresql")) console.info(postgresSkipReason);

const N = [1, 2, 3];

describe.each(providers())("a vendor outage on %s", (provider) => {
  let rig: Rig;
  beforeAll(async () => {
    rig = await startRig(provider, { CONDUIT_RETRY_WINDOW_HOURS: "0.0015" });
  });
  afterAll(() => rig?.close());

  it("retries through a stretch of 500s and delivers every record exactly once", async () => {
    const conn = await rig.connect("metrilo");
    const metrilo = rig.sims.servers.metrilo;
    metrilo.fail({ status: 500, times: 3 });
    await rig.batch([conn.id], async () => {
      for (const n of N) for (const hook of [customer(n), product(n), order(n)]) await rig.send(hook);
    });
    await waitDrained(rig.db);

    expect(metrilo.requests.slice(0, 4).map((r) => r.status)).toEqual([500, 500, 500, 200]);
    const expected = N.flatMap((n) => [`customer:${email(n)}`, `product:${productId(n)}`, `order:${orderId(n)}`]);
    expect([...tally(acceptedKeys("metrilo", metrilo.requests))].sort()).toEqual(expected.map((k) => [k, 1]).sort());

    const rows = await rig.db.delivery.findMany({ where: { connectionId: conn.id }, include: { attemptLog: { orderBy: { at: "asc" } } } });
    expect(rows).toHaveLength(9);
    for (const row of rows) {
      expect(row).toMatchObject({ status: "delivered", attempts: 4 });
      expect(row.attemptLog.map((a) => [a.toStatus, a.httpStatus])).toEqual([
        ["retrying", 500], ["retrying", 500], ["retrying", 500], ["delivered", 200],
      ]);
    }
  });

  it("declares rows dead, never delivered, once they fail for longer than the retry window", async () => {
    const shop = "outage-dead.myshopify.com";
    const conn = await rig.connect("tracktor", shop);
    rig.sims.servers.tracktor.fail({ status: 503, times: Infinity });
    await rig.send(customer(9), { shop });
    const row = await waitFor("the row to die", async () => {
      const r = await rig.db.delivery.findFirst({ where: { connectionId: conn.id } });
      return r?.status === "dead" && r;
    }, 30_000);
    expect(row.attempts).toBeGreaterThan(1);
    expect(row.lastError).toMatch(/answered 503/);
    expect(acceptedKeys("tracktor", rig.sims.servers.tracktor.requests)).toEqual([]);
    // The body Conduit kept trying is on the row, exactly as the vendor last received it.
    const last = rig.sims.servers.tracktor.requests.at(-1)!;
    expect(JSON.parse(row.sentBody ?? "null")).toEqual({ path: "/set", id: last.query.id, data: JSON.parse(last.query.data) });
    rig.sims.servers.tracktor.clearFaults();
  });
});
