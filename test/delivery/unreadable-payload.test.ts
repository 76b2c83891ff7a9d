// Intake reads only a webhook's id and version (issue 11: validating whole payloads was most of its
// CPU); the rest is checked when the worker maps the payload. A payload that fails there is not
// lost in a log: its delivery is rejected with the field and reason, the webhook itself is marked
// rejected (the Overview counts it), and the vendor gets nothing — as when intake refused it.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { waitDrained } from "../support/drained";
import { customer, order } from "../support/entities";
import { startRig, type Rig } from "../support/rig";
import { waitFor } from "../support/wait";

describe("a webhook whose payload only the worker finds unreadable", () => {
  let rig: Rig;
  beforeAll(async () => {
    rig = await startRig("sqlite");
  });
  afterAll(() => rig?.close());

  it("is answered 200 and stored, then rejected at delivery naming the field, and nothing reaches the vendor", async () => {
    const conn = await rig.connect("metrilo");
    const bad = order(1);
    delete bad.payload.name; // id and updated_at intact: intake stores it
    await rig.send(bad, { webhookId: "nameless-order" });
    await rig.send(customer(2), { webhookId: "good-customer" });

    const event = await waitFor("the nameless order's webhook to be rejected", async () => {
      const e = await rig.db.webhookEvent.findUniqueOrThrow({ where: { webhookId: "nameless-order" }, include: { deliveries: true } });
      return e.status === "rejected" && e;
    });
    expect(event.rejectReason).toBe("not a valid orders/create payload: name: Required");
    expect(event.deliveries).toMatchObject([{ connectionId: conn.id, status: "rejected", lastError: "not a valid orders/create payload: name: Required" }]);
    await waitDrained(rig.db);
    const good = await rig.db.webhookEvent.findUniqueOrThrow({ where: { webhookId: "good-customer" }, include: { deliveries: true } });
    expect(good).toMatchObject({ status: "accepted", deliveries: [{ status: "delivered" }] });
    // The neighbour went out; the unreadable order did not.
    const { metrilo } = rig.sims.defs;
    expect(metrilo.customers.size).toBe(1);
    expect(metrilo.orders.size).toBe(0);
  });
});
