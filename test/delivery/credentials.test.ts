// Bad credentials pause the connection for the merchant instead of burning retries; fixing them
// through the real CLI resumes it, and everything that waited is delivered — no restart.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { SIM_CREDENTIALS } from "../../simulators";
import { postgresSkipReason, providers } from "../support/database";
import { waitDrained } from "../support/drained";
import { customer, customerId, email, product, productId } from "../support/entities";
import { runCli } from "../support/processes";
import { startRig, type Rig } from "../support/rig";
import { acceptedKeys } from "../support/vendor-log";
import { TEST_SHOP } from "../support/webhooks";
import { waitFor } from "../support/wait";

if (!providers().includes("postgresql")) console.info(postgresSkipReason);

const { apiToken, apiSecret } = SIM_CREDENTIALS.metrilo;

describe.each(providers())("bad vendor credentials on %s", (provider) => {
  let rig: Rig;
  beforeAll(async () => {
    rig = await startRig(provider);
  });
  afterAll(() => rig?.close());

  it("pauses the connection and its rows with the reason, then resumes both after a CLI fix", async () => {
    const conn = await rig.connect("metrilo", TEST_SHOP, { apiSecret: "an-old-secret" });
    await rig.batch([conn.id], async () => {
      await rig.send(customer(1));
      await rig.send(product(1));
    });

    const paused = await waitFor("the connection to need attention", async () => {
      const c = await rig.db.vendorConnection.findUniqueOrThrow({ where: { id: conn.id } });
      return c.status === "needs_attention" && c;
    });
    expect(paused.statusReason).toMatch(/^Metrilo forbidden \(403\).*X-Digest signature is invalid/);
    const waiting = await rig.db.delivery.findMany({ where: { connectionId: conn.id }, include: { attemptLog: true } });
    expect(waiting).toHaveLength(2);
    for (const row of waiting) {
      expect(row).toMatchObject({ status: "paused", attempts: 0 });
      expect(row.attemptLog.map((a) => [a.toStatus, a.httpStatus])).toEqual([["paused", 403]]);
    }
    expect(acceptedKeys("metrilo", rig.sims.servers.metrilo.requests)).toEqual([]);
    // Changes that arrive meanwhile are held too, without a call.
    await rig.send(customer(2));
    await waitFor("the late change to be held", async () =>
      (await rig.db.delivery.findFirst({ where: { connectionId: conn.id, entityId: String(customerId(2)) } }))?.status === "paused");

    const fix = runCli(rig.env, "connect", "--shop", TEST_SHOP, "--vendor", "metrilo", `apiToken=${apiToken}`, `apiSecret=${apiSecret}`);
    expect(fix).toEqual({ code: 0, out: `connected Metrilo for ${TEST_SHOP} (live); secrets stored encrypted` });
    await waitDrained(rig.db);
    const rows = await rig.db.delivery.findMany({ where: { connectionId: conn.id }, include: { attemptLog: { orderBy: { at: "asc" } } } });
    expect(rows.map((r) => [r.status, r.attempts])).toEqual(rows.map(() => ["delivered", 1]));
    // Each row: held, released once the keys work, then one call.
    for (const row of rows) expect(row.attemptLog.map((a) => [a.fromStatus, a.toStatus, a.httpStatus]).slice(-2)).toEqual([["paused", "pending", null], ["in_flight", "delivered", 200]]);
    const late = rows.find((r) => r.entityId === String(customerId(2)))!;
    expect(late.attemptLog.map((a) => [a.toStatus, a.httpStatus])).toEqual([["paused", null], ["pending", null], ["delivered", 200]]);
    expect(await rig.db.vendorConnection.findUniqueOrThrow({ where: { id: conn.id } })).toMatchObject({ status: "active", statusReason: null });
    expect(acceptedKeys("metrilo", rig.sims.servers.metrilo.requests).sort()).toEqual([`customer:${email(1)}`, `customer:${email(2)}`, `product:${productId(1)}`]);
  });
});
