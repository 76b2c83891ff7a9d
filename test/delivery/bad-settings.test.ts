// A tuning knob set to something Conduit cannot read (a typo, a unit) is named in the log, once,
// and its documented default applies: delivery goes on. Before, each became NaN — no delivery
// lanes at all, a poll that spun, a drain that failed on `LIMIT NaN` — and nothing said why.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { waitDrained } from "../support/drained";
import { customer, email } from "../support/entities";
import { jsonLines } from "../support/logs";
import { startRig, type Rig } from "../support/rig";
import { acceptedKeys } from "../support/vendor-log";

const BAD = {
  CONDUIT_WORKER_CONCURRENCY: "four",
  CONDUIT_POLL_MS: "0",
  CONDUIT_DRAIN_LIMIT: "5oo",
  CONDUIT_INTAKE_BATCH_MAX: "lots",
  CONDUIT_VENDOR_TIMEOUT_MS: "15s",
  COLLECT_RATE_PER_CLIENT: "120 a minute",
  CONDUIT_RETENTION_DAYS: "a month",
};

describe("settings Conduit cannot read", () => {
  let rig: Rig;
  beforeAll(async () => {
    rig = await startRig("sqlite", BAD);
  });
  afterAll(() => rig?.close());

  it("are named once each with the default used, and every record is still stored and delivered", async () => {
    await rig.connect("metrilo");
    await rig.send(customer(1));
    await waitDrained(rig.db);
    expect(acceptedKeys("metrilo", rig.sims.servers.metrilo.requests)).toEqual([`customer:${email(1)}`]);

    const warnings = jsonLines(rig.conduit.output()).map((l) => String(l.msg)).filter((m) => /^[A-Z_]+=".*" is not/.test(m));
    expect(warnings.sort()).toEqual([
      'COLLECT_RATE_PER_CLIENT="120 a minute" is not events per window, like 120/1m (window in ms, s or m, neither 0); using 120/1m',
      'CONDUIT_DRAIN_LIMIT="5oo" is not a whole number ≥ 1; using 500',
      'CONDUIT_INTAKE_BATCH_MAX="lots" is not a whole number ≥ 1; using 200',
      'CONDUIT_POLL_MS="0" is not a number > 0; using 500',
      'CONDUIT_RETENTION_DAYS="a month" is not a number of days ≥ 0; using 30',
      'CONDUIT_VENDOR_TIMEOUT_MS="15s" is not a whole number ≥ 1; using 15000',
      'CONDUIT_WORKER_CONCURRENCY="four" is not a whole number ≥ 1; using 4',
    ]);
  });
});
