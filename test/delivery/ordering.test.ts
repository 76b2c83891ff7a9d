// Shopify sends every webhook up to three times and in any order, updates before creates. Stored
// while no worker runs and then drained by a separate worker.js, each entity reaches each vendor
// exactly once, in its newest state; every older state is skipped with the reason.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { postgresSkipReason, providers } from "../support/database";
import { waitDrained } from "../support/drained";
import * as shop from "../support/entities";
import { startRig, type Rig } from "../support/rig";
import { acceptedKeys, repeated } from "../support/vendor-log";

if (!providers().includes("postgresql")) console.info(postgresSkipReason);

const N = [1, 2, 3];
const NEWEST = { customer: 3, product: 2, order: 3 };
const versions = (v: number) => Array.from({ length: v }, (_, i) => i + 1);

/** A fixed-seed shuffle, so a failing order can be replayed. */
function shuffle<T>(items: T[], seed = 4): T[] {
  const out = [...items];
  for (let i = out.length - 1; i > 0; i--) {
    seed = (seed * 1_103_515_245 + 12_345) % 2 ** 31;
    const j = seed % (i + 1);
    [out[i], out[j]] = [out[j], out[i]];
  }
  return out;
}

describe.each(providers())("duplicated, shuffled webhooks on %s", (provider) => {
  let rig: Rig;
  beforeAll(async () => {
    rig = await startRig(provider, { CONDUIT_WORKER: "off" });
  });
  afterAll(() => rig?.close());

  it("delivers each entity's newest state exactly once to every vendor", async () => {
    const connections = [await rig.connect("metrilo"), await rig.connect("ometria")];
    const hooks = N.flatMap((n) => [
      ...versions(NEWEST.customer).map((v) => ({ hook: shop.customer(n, v), id: `c${n}v${v}` })),
      ...versions(NEWEST.product).map((v) => ({ hook: shop.product(n, v), id: `p${n}v${v}` })),
      ...versions(NEWEST.order).map((v) => ({ hook: shop.order(n, v), id: `o${n}v${v}` })),
    ]);
    // Entity 1's states newest first, whatever the shuffle does; then three copies of everything.
    const sends = [...hooks.filter((h) => h.id.endsWith("1v3") || h.id === "p1v2").reverse(), ...shuffle([...hooks, ...hooks, ...hooks])];
    for (const { hook, id } of sends) await rig.send(hook, { webhookId: id, eventId: `event-${id}` });
    expect(await rig.db.webhookEvent.count()).toBe(hooks.length);

    await rig.startWorker();
    await waitDrained(rig.db);

    for (const vendor of ["metrilo", "ometria"] as const) {
      const keys = acceptedKeys(vendor, rig.sims.servers[vendor].requests);
      expect(keys.length).toBeGreaterThanOrEqual(N.length * 3);
      expect(repeated(keys)).toEqual([]);
    }
    const { metrilo, ometria } = rig.sims.defs;
    for (const n of N) {
      expect(metrilo.customers.get(shop.email(n))?.firstName).toBe(shop.firstName(n, NEWEST.customer));
      expect(metrilo.products.get(String(shop.productId(n)))?.name).toBe(shop.productTitle(n, NEWEST.product));
      expect(metrilo.orders.get(String(shop.orderId(n)))?.amount).toBe(shop.orderTotal(NEWEST.order));
      expect(ometria.contacts.get(String(shop.customerId(n)))?.firstname).toBe(shop.firstName(n, NEWEST.customer));
      expect(ometria.products.get(String(shop.productId(n)))?.title).toBe(shop.productTitle(n, NEWEST.product));
      expect(ometria.orders.get(String(shop.orderId(n)))?.grand_total).toBe(shop.orderTotal(NEWEST.order));
    }

    for (const conn of connections) {
      const rows = await rig.db.delivery.findMany({ where: { connectionId: conn.id }, orderBy: { entityUpdatedAt: "desc" } });
      const entities = new Set(rows.map((r) => `${r.kind}:${r.entityId}`));
      expect(entities.size).toBe(N.length * 3);
      for (const entity of entities) {
        const [newest, ...older] = rows.filter((r) => `${r.kind}:${r.entityId}` === entity);
        expect(newest.status).toBe("delivered");
        for (const row of older) expect(row).toMatchObject({ status: "skipped", lastError: expect.stringMatching(/^superseded by a newer state/) });
      }
    }
  });
});
