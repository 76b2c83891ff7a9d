// Drills: a duplicate storm (one webhook re-sent many times at once, and the same state under new
// webhook ids) and an out-of-order storm (five versions of each entity, shuffled, sent at once).
// Every record reaches the vendor once per state worth sending, and never an older state after a
// newer one.
import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";
import { expectAccounted } from "../support/accounting";
import { postgresSkipReason, providers } from "../support/database";
import { customer, email, firstName } from "../support/entities";
import { startRig, type Rig } from "../support/rig";
import type { Hook } from "../support/entities";
import { sendWebhook } from "../support/webhooks";

if (!providers().includes("postgresql")) console.info(postgresSkipReason);

const shuffled = <T>(list: T[]) => list.map((v) => [Math.random(), v] as const).sort((a, b) => a[0] - b[0]).map(([, v]) => v);

describe.each(providers())("webhook storms on %s", (provider) => {
  let rig: Rig;
  beforeAll(async () => {
    rig = await startRig(provider);
  });
  afterAll(() => rig?.close());
  beforeEach(() => rig.sims.servers.metrilo.reset());

  // As Shopify does: a 503 (storage busy under the storm) is retried until Conduit answers 200.
  let busy = 0;
  async function send(hook: Hook, opts: { shop: string; webhookId?: string }) {
    for (let attempt = 0; attempt < 20; attempt++) {
      const res = await sendWebhook(rig.conduit.url, hook.topic, hook.payload, opts);
      if (res.status === 200) return;
      if (res.status !== 503) throw new Error(`${hook.topic} answered ${res.status}: ${await res.text()}`);
      busy++;
      await new Promise((r) => setTimeout(r, 200));
    }
    throw new Error(`${hook.topic} still 503 after 20 tries`);
  }
  afterAll(() => {
    if (busy) console.info(`webhook storms on ${provider}: ${busy} answers were 503 and retried, as Shopify would`);
  });

  it("stores a duplicate storm once and delivers each record once", async () => {
    const shop = "duplicate-storm.myshopify.com";
    await rig.connect("metrilo", shop);
    const N = [1, 2, 3, 4];
    // 20 copies of each webhook (same id) and 5 more of the same state under new ids, all at once.
    const sends = N.flatMap((n) => [
      ...Array.from({ length: 20 }, () => send(customer(n), { shop, webhookId: `storm-${n}` })),
      ...Array.from({ length: 5 }, (_, i) => send(customer(n), { shop, webhookId: `storm-${n}-again-${i}` })),
    ]);
    await Promise.all(shuffled(sends));
    // Each webhook id is stored at most once (a copy under a new id may be known by its event id instead).
    for (const n of N) expect(await rig.db.webhookEvent.count({ where: { webhookId: `storm-${n}` } })).toBeLessThanOrEqual(1);
    const { rows } = await expectAccounted(rig, "metrilo", N.map((n) => `customer:${email(n)}`));
    // One delivered row per customer; every repeat explained.
    expect(rows.filter((r) => r.status === "delivered").length).toBe(N.length);
  }, 60_000);

  it("delivers the newest of an out-of-order storm and never an older state after a newer one", async () => {
    const shop = "order-storm.myshopify.com";
    await rig.connect("metrilo", shop);
    const N = [21, 22, 23, 24, 25];
    const V = [1, 2, 3, 4, 5];
    await Promise.all(shuffled(N.flatMap((n) => V.map((v) => customer(n, v)))).map((hook) => send(hook, { shop })));
    await expectAccounted(rig, "metrilo", N.map((n) => `customer:${email(n)}`), { maxTimes: V.length });
    const sent = rig.sims.servers.metrilo.requests.filter((r) => r.status === 200).flatMap((r) => {
      const body = JSON.parse(r.body) as { params?: { email: string; firstName: string }; batch?: { email: string; firstName: string }[] };
      return body.batch ?? (body.params ? [body.params] : []);
    });
    for (const n of N) {
      const versions = sent.filter((c) => c.email === email(n)).map((c) => V.find((v) => firstName(n, v) === c.firstName));
      expect(versions).toEqual([...versions].sort());
      expect(versions.at(-1)).toBe(5);
    }
    const stored = rig.sims.defs.metrilo.customers;
    for (const n of N) expect(stored.get(email(n))?.firstName).toBe(firstName(n, 5));
  }, 60_000);
});
