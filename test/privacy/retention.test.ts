// Retention through the real server and its worker, with a window of seconds: delivered rows, the
// payloads they came from, their attempt logs and a data request's email are deleted once the
// window has passed; rows still waiting to be sent and rejected webhooks (kept for the longer
// failed-rows window) are not. On SQLite, and on PostgreSQL (embedded worker and BullMQ) when DATABASE_URL/REDIS_URL name them.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { postgresSkipReason, providers } from "../support/database";
import { startDeployment } from "../support/deployment";
import { bullmqAvailable, deployments, redisSkipReason } from "../support/queue";
import type { Rig } from "../support/rig";
import { waitFor } from "../support/wait";
import { sendWebhook } from "../support/webhooks";
import { customerHook, person, privacyPayload } from "./people";

if (!providers().includes("postgresql")) console.info(postgresSkipReason);
if (!bullmqAvailable()) console.info(redisSkipReason);

const WINDOW_S = 3;
const OTHER_SHOP = "retention-other.myshopify.com";

describe.each(deployments())("retention on %s with the %s queue", (provider, mode) => {
  let rig: Rig;
  beforeAll(async () => {
    rig = (await startDeployment(provider, mode, { CONDUIT_RETENTION_DAYS: String(WINDOW_S / 86_400), CONDUIT_RETENTION_FAILED_DAYS: "1" })).rig;
  });
  afterAll(() => rig?.close());

  it("deletes what was delivered once the window has passed, and keeps what still waits or failed", async () => {
    const metrilo = await rig.connect("metrilo");
    // A connection that needs the merchant: its rows wait (paused), however old they get.
    const waiting = await rig.connect("ometria", OTHER_SHOP);
    await rig.db.vendorConnection.update({ where: { id: waiting.id }, data: { status: "needs_attention", statusReason: "test" } });

    const ann = person(31, { email: "ann.retention@example.com" });
    const bob = person(32, { email: "bob.retention@example.com" });
    await rig.send(customerHook(ann));
    await rig.send({ topic: "customers/data_request", payload: privacyPayload(ann) });
    await rig.send(customerHook(bob), { shop: OTHER_SHOP });
    expect((await sendWebhook(rig.conduit.url, "orders/create", null, { webhookId: "retention-bad-json", rawBody: "{not json" })).status).toBe(200);

    const delivered = await waitFor("Ann delivered to Metrilo", () =>
      rig.db.delivery.findFirst({ where: { connectionId: metrilo.id, status: "delivered" }, include: { attemptLog: true } }).then((r) => r ?? undefined));
    expect(delivered.sentBody).toContain(ann.email);
    expect(delivered.attemptLog.length).toBeGreaterThan(0);
    expect((await rig.db.privacyRequest.findFirstOrThrow()).email).toBe(ann.email);

    const started = Date.now();
    await waitFor("Ann's data to be pruned", async () => {
      const [rows, events, request] = await Promise.all([
        rig.db.delivery.count({ where: { connectionId: metrilo.id } }),
        rig.db.webhookEvent.count({ where: { shop: { domain: { not: OTHER_SHOP } }, status: "accepted" } }),
        rig.db.privacyRequest.findFirstOrThrow(),
      ]);
      return rows === 0 && events === 0 && request.email === null;
    });
    // Not before the window: everything was younger than it a moment ago.
    expect(Date.now() - started).toBeGreaterThan(1_000);
    expect(await rig.db.deliveryAttempt.count({ where: { deliveryId: delivered.id } })).toBe(0);
    // The request stays, without the email: it shows the data request was answered.
    expect(await rig.db.privacyRequest.findFirstOrThrow()).toMatchObject({ topic: "customers/data_request", status: "completed", email: null });

    // Bob's row still waits for its connection, with the payload it needs; the rejected webhook stays for the failed-rows window.
    const bobRows = await rig.db.delivery.findMany({ where: { connectionId: waiting.id }, include: { event: true } });
    expect(bobRows.map((r) => r.status)).toEqual(["paused"]);
    expect(bobRows[0].event?.payload).toContain(bob.email);
    expect(await rig.db.webhookEvent.count({ where: { webhookId: "retention-bad-json", status: "rejected" } })).toBe(1);
  });
});
