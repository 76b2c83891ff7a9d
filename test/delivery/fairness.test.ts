// A connection working through a backlog at its vendor's pace (Ometria: four pushes a second,
// five rows per drain here) holds one worker lane, not the worker: another shop's change goes out
// meanwhile.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { postgresSkipReason, providers } from "../support/database";
import { startDeployment } from "../support/deployment";
import { waitDrained } from "../support/drained";
import { customer } from "../support/entities";
import { bullmqAvailable, deployments, redisSkipReason } from "../support/queue";
import type { Rig } from "../support/rig";
import { waitFor } from "../support/wait";

if (!providers().includes("postgresql")) console.info(postgresSkipReason);
if (!bullmqAvailable()) console.info(redisSkipReason);

const BACKLOG = Array.from({ length: 25 }, (_, i) => i + 1);
const delivered = (rig: Rig, connectionId: string) => rig.db.delivery.count({ where: { connectionId, status: "delivered" } });

describe.each(deployments())("a paced backlog beside other shops on %s with the %s queue", (provider, mode) => {
  let rig: Rig;
  beforeAll(async () => {
    rig = (await startDeployment(provider, mode, { CONDUIT_DRAIN_LIMIT: "5" })).rig;
  });
  afterAll(() => rig?.close());

  it("delivers another shop's change while the backlog still has calls to make", async () => {
    const paced = await rig.connect("ometria", "busy.myshopify.com");
    const other = await rig.connect("metrilo", "quick.myshopify.com");
    await rig.batch([paced.id], async () => {
      for (const n of BACKLOG) await rig.send(customer(n), { shop: "busy.myshopify.com" });
    });
    await waitFor("the backlog to start", () => delivered(rig, paced.id));
    await rig.send(customer(100), { shop: "quick.myshopify.com" });
    await waitFor("the other shop's delivery", () => delivered(rig, other.id));
    expect(await delivered(rig, paced.id)).toBeLessThan(BACKLOG.length);
    await waitDrained(rig.db);
  });
});
