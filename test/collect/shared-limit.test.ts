// With REDIS_URL, the collect rate limits hold across web processes: a visitor or a shop that
// used its window on one server is refused by the next, as a load balancer would spread them.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { startConduit, type Conduit } from "../support/conduit";
import { bullmqAvailable, queueEnv, redisSkipReason } from "../support/queue";
import { startRig, type Rig } from "../support/rig";
import { postEvents, visitor } from "./visitor";

const SHOP = "limits-shop.myshopify.com";
if (!bullmqAvailable()) console.info(redisSkipReason);

describe.skipIf(!bullmqAvailable())("collect rate limits shared through Redis by two server processes", () => {
  let rig: Rig;
  let second: Conduit;
  beforeAll(async () => {
    rig = await startRig("postgresql", { ...queueEnv("bullmq"), COLLECT_TRUSTED_PROXIES: "127.0.0.1", COLLECT_RATE_PER_CLIENT: "30/1m", COLLECT_RATE_PER_SHOP: "100/1m" });
    await rig.connect("tracify");
    await rig.connect("tracify", SHOP);
    second = await startConduit(rig.env);
  }, 60_000);
  afterAll(async () => {
    await second?.stop();
    await rig?.close();
  });

  it("refuses a visitor on one process once the other took their window, and keeps what it refused out", async () => {
    const v = visitor();
    const events = (n: number, from: number) => Array.from({ length: n }, (_, i) => v.event("page_viewed", `/p/${from + i}`));
    expect((await postEvents(rig.conduit.url, events(20, 0))).status).toBe(200);
    const over = events(20, 20);
    const refused = await postEvents(second.url, over);
    expect(refused.status).toBe(429);
    expect(Number(refused.headers.get("retry-after"))).toBeGreaterThan(0);
    expect(await rig.db.webhookEvent.count({ where: { eventId: { in: over.map((e) => e.id) } } })).toBe(0);
    // What is left of the window, ten events, is still the visitor's, on either process.
    expect((await postEvents(second.url, events(10, 40))).status).toBe(200);
    expect((await postEvents(rig.conduit.url, events(1, 50))).status).toBe(429);
  });

  it("holds a shop to one limit across both processes", async () => {
    const batch = () => {
      const v = visitor();
      return Array.from({ length: 25 }, (_, i) => v.event("page_viewed", `/shop-wide/${i}`));
    };
    for (const server of [rig.conduit, second, rig.conduit, second]) expect((await postEvents(server.url, batch(), { shop: SHOP })).status).toBe(200);
    const res = await postEvents(second.url, [visitor().event("page_viewed", "/one-more")], { shop: SHOP });
    expect(res.status).toBe(429);
  });
});
