// Drills: a vendor answering in 5 s, and one that never answers. A slow answer is waited for (the
// lease is renewed while the call runs) and delivers once; a call that never answers is abandoned
// at the 15 s timeout and retried, and the record still arrives exactly once.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { expectAccounted } from "../support/accounting";
import { postgresSkipReason, providers } from "../support/database";
import { customer, email } from "../support/entities";
import { startRig, type Rig } from "../support/rig";

if (!providers().includes("postgresql")) console.info(postgresSkipReason);

describe.each(providers())("a slow vendor on %s", (provider) => {
  let rig: Rig;
  beforeAll(async () => {
    rig = await startRig(provider);
  });
  afterAll(() => rig?.close());

  it("waits out a 5 s answer and delivers once, with no retry", async () => {
    const conn = await rig.connect("metrilo");
    rig.sims.servers.metrilo.fail({ latencyMs: 5_000, times: Infinity });
    await rig.batch([conn.id], async () => {
      for (const n of [1, 2, 3]) await rig.send(customer(n));
    });
    const { rows } = await expectAccounted(rig, "metrilo", [1, 2, 3].map((n) => `customer:${email(n)}`));
    rig.sims.servers.metrilo.clearFaults();
    expect(rows.map((r) => [r.status, r.attempts])).toEqual(rows.map(() => ["delivered", 1]));
  }, 60_000);

  it("gives up on a call that never answers at 15 s, retries, and delivers once", async () => {
    const shop = "never-answers.myshopify.com";
    const conn = await rig.connect("tracify", shop);
    const tracify = rig.sims.servers.tracify;
    tracify.fail({ latencyMs: 3_600_000, times: 1 });
    const { order, orderId } = await import("../support/entities");
    await rig.batch([conn.id], async () => {
      for (const n of [11, 12]) await rig.send(order(n), { shop });
    });
    const { rows } = await expectAccounted(rig, "tracify", [11, 12].map((n) => `purchase:${orderId(n)}`), { timeoutMs: 45_000 });
    const log = await rig.db.deliveryAttempt.findMany({ where: { deliveryId: { in: rows.map((r) => r.id) } }, orderBy: { at: "asc" } });
    expect(log.filter((a) => a.toStatus === "retrying").every((a) => /no answer|timeout|aborted/i.test(a.error ?? ""))).toBe(true);
    expect(rows.every((r) => r.status === "delivered" && r.attempts === 2)).toBe(true);
    // The first call hung: the simulator never answered it, so only the retry was accepted.
    expect(tracify.requests[0].status).toBe(0);
  }, 90_000);
});
