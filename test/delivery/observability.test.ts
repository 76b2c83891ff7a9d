// What an operator sees after some deliveries and one failed call: /metrics in Prometheus text
// with the outbox, the outcomes and the vendor call latency; JSON log lines that name the shop,
// the vendor and the delivery ids they are about.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { postgresSkipReason, providers } from "../support/database";
import { waitDrained } from "../support/drained";
import { customer, product } from "../support/entities";
import { jsonLines } from "../support/logs";
import { startRig, type Rig } from "../support/rig";
import { TEST_SHOP } from "../support/webhooks";

if (!providers().includes("postgresql")) console.info(postgresSkipReason);

describe.each(providers())("metrics and logs on %s", (provider) => {
  let rig: Rig;
  let ids: string[];
  beforeAll(async () => {
    rig = await startRig(provider, { LOG_LEVEL: "info", METRICS_TOKEN: "scrape-me" });
    const conn = await rig.connect("metrilo");
    rig.sims.servers.metrilo.fail({ status: 500 });
    await rig.batch([conn.id], async () => {
      await rig.send(customer(1));
      await rig.send(product(1));
    });
    await waitDrained(rig.db);
    ids = (await rig.db.delivery.findMany({ where: { connectionId: conn.id } })).map((r) => r.id).sort();
  });
  afterAll(() => rig?.close());

  it("answers /metrics with the outbox, outcomes and vendor call latency", async () => {
    const res = await fetch(`${rig.conduit.url}/metrics`, { headers: { authorization: "Bearer scrape-me" } });
    expect(res.status).toBe(200);
    expect(res.headers.get("content-type")).toMatch(/^text\/plain; version=0\.0\.4/);
    const text = await res.text();
    for (const line of [
      '# TYPE conduit_outbox_rows gauge',
      'conduit_outbox_rows{vendor="metrilo",status="delivered"} 2',
      'conduit_deliveries_total{vendor="metrilo",outcome="delivered"} 2',
      'conduit_deliveries_total{vendor="metrilo",outcome="retry"} 2',
      'conduit_vendor_call_seconds_count{vendor="metrilo",result="ok"} 1',
      'conduit_vendor_call_seconds_count{vendor="metrilo",result="failed"} 1',
    ]) {
      expect(text.split("\n")).toContain(line);
    }
  });

  it("logs JSON lines naming the shop, the vendor and the deliveries", () => {
    const lines = jsonLines(rig.conduit.output());
    for (const line of lines) expect(line).toMatchObject({ service: "conduit", level: expect.any(Number), time: expect.any(Number) });
    const failed = lines.find((l) => l.msg === "vendor call failed; backing off");
    expect(failed).toMatchObject({ shop: TEST_SHOP, vendor: "metrilo", httpStatus: 500 });
    expect((failed!.deliveries as string[]).sort()).toEqual(ids);
    const settled = lines.find((l) => l.msg === "vendor call settled");
    expect(settled).toMatchObject({ shop: TEST_SHOP, vendor: "metrilo", settled: { delivered: 2 } });
    expect((settled!.deliveries as string[]).sort()).toEqual(ids);
  });
});
