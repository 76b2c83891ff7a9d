// A customers/redact that lands while a vendor call carrying the customer is in flight is not undone
// when the call settles: the outbox row's sent body and Metrilo's memory keyed by the email (its
// customer and tag state) stay erased. The real server with its worker, Metrilo's simulator
// answering slowly; on SQLite, and on PostgreSQL (embedded worker and BullMQ) when DATABASE_URL/REDIS_URL name them.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { postgresSkipReason, providers } from "../support/database";
import { startDeployment } from "../support/deployment";
import { bullmqAvailable, deployments, redisSkipReason } from "../support/queue";
import type { Rig } from "../support/rig";
import { waitFor } from "../support/wait";
import { customerHook, heldText, person, privacyPayload, tracesIn } from "./people";

if (!providers().includes("postgresql")) console.info(postgresSkipReason);
if (!bullmqAvailable()) console.info(redisSkipReason);

describe.each(deployments())("a redaction during a vendor call on %s with the %s queue", (provider, mode) => {
  let rig: Rig;
  beforeAll(async () => {
    rig = (await startDeployment(provider, mode)).rig;
  });
  afterAll(() => rig?.close());

  it("stays erased when the call settles afterwards", async () => {
    const metrilo = rig.sims.servers.metrilo;
    const conn = await rig.connect("metrilo");
    const eve = person(21, { email: "Eve.Inflight@Example.com" });
    metrilo.fail({ latencyMs: 2_000, times: 5 });
    await rig.send(customerHook(eve));
    await waitFor("Metrilo's call in flight", () => metrilo.requests.length > 0);

    await rig.send({ topic: "customers/redact", payload: privacyPayload(eve) });
    const row = await waitFor("the call to settle", async () => {
      const r = await rig.db.delivery.findFirst({ where: { connectionId: conn.id, status: "delivered" } });
      return r ?? undefined;
    });
    // It did reach Metrilo (it was under way); what Conduit keeps of it is erased again.
    expect(metrilo.requests[0].body.toLowerCase()).toContain(eve.email!.toLowerCase());
    await waitFor("the settled call's data to be erased", async () => {
      const states = await rig.db.syncState.findMany({ where: { connectionId: conn.id } });
      const delivery = await rig.db.delivery.findUniqueOrThrow({ where: { id: row.id } });
      return delivery.sentBody === null && states.every((s) => !s.key.includes("@"));
    });
    expect(tracesIn(await heldText(rig.db), eve)).toEqual([]);
  });
});
