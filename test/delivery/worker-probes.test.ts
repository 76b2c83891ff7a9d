// A worker started on its own (`npm run worker`) counts its vendor calls in its own memory, so
// the web's /metrics cannot show them: with METRICS_PORT it answers /metrics and /healthz itself.
import { spawnSync } from "node:child_process";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { childEnv, freePort } from "../support/conduit";
import { waitDrained } from "../support/drained";
import { customer } from "../support/entities";
import { startRig, type Rig } from "../support/rig";

describe("a separate worker process's probes", () => {
  let rig: Rig;
  let probes: string;
  beforeAll(async () => {
    // The web process only stores; the worker process delivers.
    rig = await startRig("sqlite", { CONDUIT_WORKER: "off", METRICS_TOKEN: "scrape-me" });
    await rig.connect("metrilo");
    const port = await freePort();
    await rig.startWorker({ METRICS_PORT: String(port) });
    probes = `http://127.0.0.1:${port}`;
    await rig.send(customer(1));
    await waitDrained(rig.db);
  });
  afterAll(() => rig?.close());

  it("serves the worker's own delivery counts on /metrics, behind METRICS_TOKEN", async () => {
    expect((await fetch(`${probes}/metrics`)).status).toBe(401);
    const res = await fetch(`${probes}/metrics`, { headers: { authorization: "Bearer scrape-me" } });
    expect(res.status).toBe(200);
    const lines = (await res.text()).split("\n");
    expect(lines).toContain('conduit_deliveries_total{vendor="metrilo",outcome="delivered"} 1');
    expect(lines).toContain('conduit_vendor_call_seconds_count{vendor="metrilo",result="ok"} 1');
    // The web process made no vendor call, so its counters have nothing to say.
    const web = await (await fetch(`${rig.conduit.url}/metrics`, { headers: { authorization: "Bearer scrape-me" } })).text();
    expect(web).not.toContain("conduit_deliveries_total{");
  });

  it("answers /healthz while the database answers, and names the two paths elsewhere", async () => {
    const health = await fetch(`${probes}/healthz`);
    expect([health.status, await health.json()]).toEqual([200, { ok: true }]);
    const other = await fetch(`${probes}/`);
    expect([other.status, await other.text()]).toEqual([404, "not found: this port serves /metrics and /healthz"]);
  });

  it("refuses to start on a METRICS_PORT that is not a port, naming the setting", () => {
    const r = spawnSync(process.execPath, ["worker.js"], { env: childEnv({ ...rig.env, METRICS_PORT: "metrics" }), encoding: "utf8", timeout: 30_000 });
    expect(r.status).toBe(1);
    expect(r.stderr).toContain('conduit: METRICS_PORT must be a port number from 1 to 65535, not "metrics"');
  });
});
