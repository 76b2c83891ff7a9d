// An import that meets every trouble at once: a bulk operation that fails, a throttled Admin API,
// a result URL that has expired, live webhooks about records being imported, and the worker killed
// with SIGKILL halfway. It still finishes with every record there once (re-sent at most once as an
// idempotent upsert), and the newest state of each record wins.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createShopifyAdminSimulator } from "../../simulators/shopify-admin";
import { generatedId, generatedOrderUpdatedAt } from "../../simulators/shopify-admin/generate";
import { fixture } from "../fixtures/shopify";
import type { Proc } from "../support/processes";
import { runCli } from "../support/processes";
import { startRig, type Rig } from "../support/rig";
import { seedOfflineSession } from "../support/seed";
import { acceptedKeys, tally } from "../support/vendor-log";
import { waitFor } from "../support/wait";
import { TEST_SHOP } from "../support/webhooks";

const SIZE = { customers: 60, collections: 3, products: 20, variantsPerProduct: 2, orders: 400 };

describe("an import through failures and a SIGKILL", () => {
  let rig: Rig;
  let worker: Proc;
  const admin = createShopifyAdminSimulator({ accessToken: "shpat_test_token" });

  beforeAll(async () => {
    // Delivery and imports run in worker.js only, so that killing it stops both.
    rig = await startRig("sqlite", { CONDUIT_WORKER: "off", CONDUIT_IMPORT_POLL_MS: "200", CONDUIT_IMPORT_BULK_POLL_MS: "300", CONDUIT_IMPORT_LEASE_MS: "2000", CONDUIT_IMPORT_PAGE: "50", CONDUIT_IMPORT_WINDOW: "200" }, { admin });
    admin.bulk.setStore(SIZE);
    for (const v of ["metrilo", "ometria"] as const) await rig.connect(v);
    await seedOfflineSession(rig.db);
    worker = await rig.startWorker();
  }, 60_000);
  afterAll(async () => {
    await rig?.close();
    admin.bulk.close();
  });

  it("finishes with none missing, none sent twice beyond an idempotent re-send, and live states winning", async () => {
    admin.bulk.failNext("INTERNAL_SERVER_ERROR");
    admin.setBucket({ currentlyAvailable: 0, restoreRate: 20 });
    rig.adminServer!.fail({ status: 403, body: "expired", pathPrefix: "/_bulk/", times: 1 });
    const start = runCli(rig.env, "import", "--shop", TEST_SHOP, "--detach");
    expect(start.code, start.out).toBe(0);
    const id = /^import (\w+)/.exec(start.out)![1];

    // A live update of order 5, newer than the store's state of it, while the import runs.
    const live = { ...fixture("orders-updated"), id: Number(generatedId.order(5)), updated_at: new Date(generatedOrderUpdatedAt(5).getTime() + 86_400_000).toISOString() };
    await rig.send({ topic: "orders/updated", payload: live });

    await waitFor("orders half-way to Metrilo", async () => (await rig.db.delivery.count({ where: { vendor: "metrilo", topic: "orders/import", status: "delivered" } })) > 100, 90_000);
    await worker.stop("SIGKILL");
    const beforeRestart = await rig.db.delivery.count({ where: { vendor: "metrilo", topic: "orders/import", status: "delivered" } });
    expect(beforeRestart).toBeLessThan(400);
    worker = await rig.startWorker();
    await waitFor("the import to finish", async () => {
      const run = await rig.db.importRun.findUniqueOrThrow({ where: { id } });
      if (run.status === "failed") throw new Error(run.statusReason ?? "failed");
      return run.status === "done";
    }, 180_000);

    // One stored record per record in the store: checkpoints kept the published ones from repeating.
    expect(await rig.db.webhookEvent.count({ where: { topic: "orders/import" } })).toBe(400);
    expect(await rig.db.delivery.count({ where: { topic: "orders/import", vendor: "metrilo" } })).toBe(400);
    for (const vendor of ["metrilo", "ometria"] as const) {
      const counts = tally(acceptedKeys(vendor, rig.sims.servers[vendor].requests));
      expect([...counts.keys()].filter((k) => k.startsWith("order:")).length).toBe(400);
      expect([...counts.values()].filter((n) => n > 2)).toEqual([]);
    }
    // The failed bulk operation was run again.
    expect(admin.bulk.list().filter((op) => op.status === "FAILED")).toHaveLength(1);
    // The live update is the last state of order 5 Metrilo received: the older imported one was
    // skipped, or went before it.
    const five = await rig.db.delivery.findMany({ where: { vendor: "metrilo", kind: "order", entityId: generatedId.order(5), status: "delivered" }, orderBy: { deliveredAt: "asc" } });
    expect(five.at(-1)?.topic).toBe("orders/updated");
  }, 300_000);
});
