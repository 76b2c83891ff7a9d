// The collect endpoint's rate: pixel batches from many visitors of several shops, stored through
// the outbox, beside a bare Node server taking the same requests from the same client in this run
// (what loopback, the client and one core allow with no work behind them).
import http from "node:http";
import type { AddressInfo } from "node:net";
import { randomUUID } from "node:crypto";
import { providers } from "../test/support/database";
import { startRig, type Rig } from "../test/support/rig";
import { passes, table, type Check } from "./report";
import { timedPool } from "./measure";

const EVENTS_PER_REQUEST = 10;

function batch(shop: string) {
  const clientId = randomUUID();
  const session = { id: randomUUID(), landingUrl: `https://${shop}/?utm_source=bench` };
  const at = Date.now();
  return JSON.stringify({
    consent: { analytics: true, marketing: true, preferences: true, saleOfData: true },
    events: Array.from({ length: EVENTS_PER_REQUEST }, (_, i) => ({
      id: randomUUID(), name: i % 2 ? "product_viewed" : "page_viewed", clientId, timestamp: new Date(at + i).toISOString(),
      url: `https://${shop}/products/p${i}`, referrer: null, session, data: i % 2 ? { productId: String(1000 + i) } : {},
    })),
  });
}

async function bareServer(): Promise<{ url: string; close(): Promise<void> }> {
  const server = http.createServer((req, res) => {
    req.on("data", () => undefined);
    req.on("end", () => res.writeHead(200, { "content-type": "application/json" }).end('{"accepted":10}'));
  });
  await new Promise<void>((r) => server.listen(0, "127.0.0.1", r));
  return { url: `http://127.0.0.1:${(server.address() as AddressInfo).port}`, close: () => new Promise((r) => server.close(() => r())) };
}

async function rate(url: (shop: string) => string, shops: string[], requests: number, senders: number) {
  const items = Array.from({ length: requests }, (_, i) => shops[i % shops.length]);
  let refused = 0;
  const started = performance.now();
  await timedPool(items, senders, async (shop) => {
    const res = await fetch(url(shop), { method: "POST", headers: { "content-type": "text/plain", origin: `https://${shop}`, "user-agent": "bench" }, body: batch(shop) });
    await res.arrayBuffer();
    if (res.status !== 200) refused += 1;
  });
  return { eventsPerSecond: (requests * EVENTS_PER_REQUEST) / ((performance.now() - started) / 1000), refused };
}

/** Connects `shops` to Tracify, posts `requests` batches to each server, and returns the figures. */
export async function collectChecks(rig: Rig, opts: { shops: number; requests: number; senders: number }): Promise<Check[]> {
  const shops = Array.from({ length: opts.shops }, (_, i) => `bench-pixel-${i}.myshopify.com`);
  for (const shop of shops) await rig.connect("tracify", shop);
  const bare = await bareServer();
  try {
    const ceiling = await rate(() => `${bare.url}/collect`, shops, opts.requests, opts.senders);
    const collect = await rate((shop) => `${rig.conduit.url}/collect?shop=${shop}`, shops, opts.requests, opts.senders);
    const ratio = collect.eventsPerSecond / ceiling.eventsPerSecond;
    return [
      {
        figure: "collect: events stored per second", value: collect.eventsPerSecond, unit: "/s", kind: "min", limit: ceiling.eventsPerSecond / 20,
        why: `a twentieth of a bare server's ${ceiling.eventsPerSecond.toFixed(0)}/s in this run (measured ${(ratio * 100).toFixed(1)}%)`,
      },
      { figure: "collect: requests refused", value: collect.refused, unit: "", kind: "max", limit: 0, why: "good batches within the rate limits are all kept" },
    ];
  } finally {
    await bare.close();
  }
}

/** `npm run bench -- collect`: these figures alone, on a fresh rig (SQLite, or PostgreSQL when DATABASE_URL names one). */
export async function runCollectBench(): Promise<number> {
  const provider = providers().includes("postgresql") ? "postgresql" : "sqlite";
  const requests = Math.min(20_000, Math.max(1, Number(process.env.BENCH_COLLECT_REQUESTS ?? 1_000) || 1_000));
  const senders = Math.min(256, Math.max(1, Number(process.env.BENCH_SENDERS ?? 8) || 8));
  console.log(`conduit bench, collect alone: ${requests} requests of ${EVENTS_PER_REQUEST} events, ${senders} concurrent senders, 10 shops; ${provider}`);
  const rig = await startRig(provider, { CONDUIT_POLL_MS: "500", CONDUIT_LEASE_MS: "60000", LOG_LEVEL: "warn" });
  try {
    const results = await collectChecks(rig, { shops: 10, requests, senders });
    console.log(`\n${table(results)}\n`);
    return results.every(passes) ? 0 : 1;
  } finally {
    await rig.close();
  }
}
