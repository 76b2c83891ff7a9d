// /metrics is private in production and cheap: parallel scrapes share one count of the outbox.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { fixture } from "../fixtures/shopify";
import { startConduit, testEnv, type Conduit } from "../support/conduit";
import { createTestDatabase, type TestDatabase } from "../support/database";
import { seedConnection, seedOfflineSession } from "../support/seed";
import { sendWebhook } from "../support/webhooks";

const TOKEN = "scrape-token";
const snapshotsTaken = (text: string) => Number(/^conduit_outbox_snapshots_total (\d+)$/m.exec(text)?.[1]);

describe("/metrics", () => {
  let database: TestDatabase;
  let open: Conduit;
  let tokened: Conduit;

  beforeAll(async () => {
    database = await createTestDatabase("sqlite");
    await seedOfflineSession(database.db);
    const env = testEnv(database.url, { CONDUIT_WORKER: "off" });
    await seedConnection(database.db, env, "metrilo", { apiSecret: "s" }, { apiToken: "t" });
    [open, tokened] = await Promise.all([
      startConduit(env),
      startConduit({ ...env, METRICS_TOKEN: TOKEN, CONDUIT_METRICS_CACHE_SECONDS: "120" }),
    ]);
  });
  afterAll(async () => {
    await Promise.all([open?.stop(), tokened?.stop()]);
    await database?.drop();
  });

  it("is private by default in production, and asks for the token when one is set", async () => {
    const res = await fetch(`${open.url}/metrics`);
    expect(res.status).toBe(403);
    expect(await res.text()).toContain("set METRICS_TOKEN");
    expect((await fetch(`${tokened.url}/metrics`)).status).toBe(401);
  });

  it("counts the outbox once for many parallel scrapes, while a webhook is still taken", async () => {
    const scrape = async () => {
      const res = await fetch(`${tokened.url}/metrics`, { headers: { authorization: `Bearer ${TOKEN}` } });
      expect(res.status).toBe(200);
      return res.text();
    };
    const [texts, hook] = await Promise.all([
      Promise.all(Array.from({ length: 16 }, scrape)),
      sendWebhook(tokened.url, "customers/create", fixture("customers-create")),
    ]);
    expect(hook.status).toBe(200);
    for (let i = 0; i < 4; i++) texts.push(await scrape());
    expect(new Set(texts.map(snapshotsTaken))).toEqual(new Set([1]));
  });
});
