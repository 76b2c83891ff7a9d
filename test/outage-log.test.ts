// A database outage in the log: a few lines, not one per request. Each 503 logged a 1.5 KB line
// with its stack, at whatever rate Shopify and the storefront sent (and retried): 6 GB a day at
// 50 webhooks/s. The database is a PostgreSQL port nothing listens on, so this runs anywhere.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { fixture } from "./fixtures/shopify";
import { freePort, startConduit, testEnv, type Conduit } from "./support/conduit";
import { jsonLines } from "./support/logs";
import { sendWebhook } from "./support/webhooks";
import { postEvents, visitor } from "./collect/visitor";

describe("a server whose database is down", () => {
  let conduit: Conduit;
  beforeAll(async () => {
    conduit = await startConduit(testEnv(`postgres://postgres@127.0.0.1:${await freePort()}/unreachable`, { CONDUIT_WORKER: "off", LOG_LEVEL: "info" }));
  });
  afterAll(() => conduit?.stop());

  const lines = (msg: string) => jsonLines(conduit.output()).filter((l) => String(l.msg).startsWith(msg));

  it("answers every webhook 503 and logs the first, not each", async () => {
    const order = fixture("orders-create") as { id: number };
    for (let i = 0; i < 30; i++) {
      const res = await sendWebhook(conduit.url, "orders/create", { ...order, id: order.id + i });
      expect(res.status).toBe(503);
    }
    const logged = lines("webhook not stored");
    expect(logged).toHaveLength(1);
    expect(JSON.stringify(logged[0].err)).toContain("Can't reach database server");
  });

  it("answers every storefront post 503 and logs the first, not each", async () => {
    const v = visitor();
    for (let i = 0; i < 30; i++) {
      const res = await postEvents(conduit.url, [v.event("page_viewed", "/")]);
      expect(res.status).toBe(503);
    }
    expect(lines("collect:")).toHaveLength(1);
  });
});
