// Webhook bodies have a cap (CONDUIT_WEBHOOK_MAX_BYTES): past it Conduit answers 413 without
// reading the body whole — Shopify does not retry a 4xx the way it retries a 503 — and stores nothing.
import { connect } from "node:net";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { startConduit, testEnv, type Conduit } from "./support/conduit";
import { createTestDatabase, type TestDatabase } from "./support/database";
import { seedConnection } from "./support/seed";
import { sendWebhook, sign } from "./support/webhooks";

const CAP = 64 * 1024;

/** An order whose JSON is exactly `size` bytes long. */
function orderOfSize(size: number): string {
  const base = JSON.stringify({ id: 1, note: "" });
  return JSON.stringify({ id: 1, note: "x".repeat(size - base.length) });
}

/**
 * Streams up to `total` bytes chunked (no Content-Length) over a raw socket, as a hostile sender
 * would; resolves with the status line Conduit answered and how much had been sent by then.
 */
function streamBody(url: string, total: number): Promise<{ status: number; sentWhenAnswered: number }> {
  const { hostname, port } = new URL(url);
  return new Promise((resolve, reject) => {
    let sent = 0;
    let answer = "";
    const socket = connect(Number(port), hostname, () => {
      socket.write(`POST /webhooks/orders/create HTTP/1.1\r\nHost: ${hostname}\r\nTransfer-Encoding: chunked\r\nX-Shopify-Hmac-Sha256: ${sign("x")}\r\n\r\n`);
      const chunk = Buffer.concat([Buffer.from("10000\r\n"), Buffer.alloc(0x10000, "a"), Buffer.from("\r\n")]);
      // One chunk at a time, reading between writes, as a real sender's socket would.
      const pump = () => {
        if (sent >= total || answer || socket.destroyed) return;
        sent += 0x10000;
        socket.write(chunk, () => setTimeout(pump, 1));
      };
      pump();
    });
    socket.on("data", (d) => {
      answer += d;
      const m = /^HTTP\/1\.1 (\d+)/.exec(answer);
      if (m) {
        resolve({ status: Number(m[1]), sentWhenAnswered: sent });
        socket.destroy();
      }
    });
    socket.on("error", (err) => (answer ? undefined : reject(err)));
  });
}

describe("webhook body cap", () => {
  let database: TestDatabase;
  let conduit: Conduit;

  beforeAll(async () => {
    database = await createTestDatabase("sqlite");
    conduit = await startConduit(testEnv(database.url, { CONDUIT_WORKER: "off", CONDUIT_WEBHOOK_MAX_BYTES: String(CAP) }));
    await seedConnection(database.db, conduit.env, "metrilo", { apiSecret: "s" }, { apiToken: "t" });
  });
  afterAll(async () => {
    await conduit?.stop();
    await database?.drop();
  });

  it("stores a body of exactly the cap, and answers 413 one byte past it", async () => {
    const atCap = orderOfSize(CAP);
    expect((await sendWebhook(conduit.url, "orders/create", null, { rawBody: atCap, webhookId: "at-cap" })).status).toBe(200);
    const over = orderOfSize(CAP + 1);
    const res = await sendWebhook(conduit.url, "orders/create", null, { rawBody: over, webhookId: "over-cap" });
    expect(res.status).toBe(413);
    expect(await res.text()).toMatch(/over 65536 bytes/);
    expect(await database.db.webhookEvent.count({ where: { webhookId: { in: ["at-cap", "over-cap"] } } })).toBe(1);
  });

  it("answers 413 to an endless chunked body long before it ends", async () => {
    const total = 200 * 1024 * 1024;
    const { status, sentWhenAnswered } = await streamBody(conduit.url, total);
    expect(status).toBe(413);
    expect(sentWhenAnswered).toBeLessThan(total / 4);
    // Still answering.
    expect((await sendWebhook(conduit.url, "orders/create", { id: 2 }, { webhookId: "after-stream" })).status).toBe(200);
  });

  it("caps the lifecycle and privacy webhooks (Remix routes) the same way", async () => {
    const res = await sendWebhook(conduit.url, "app/uninstalled", null, { rawBody: orderOfSize(CAP + 10), webhookId: "big-uninstall" });
    expect(res.status).toBe(413);
    expect(await database.db.webhookEvent.count({ where: { webhookId: "big-uninstall" } })).toBe(0);
  });
});
