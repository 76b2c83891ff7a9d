// The intake bench's fixed-rate load (open loop), run as its own process. Unlike autocannon's
// overallRate, whose connections each wait for an answer before sending again (so a stalled server
// is offered less, and its stall is never measured), this sends on the clock: request i leaves at
// i / rate seconds whatever came back, on as many sockets as that needs, and its latency counts from
// when it was due — a request that could not even leave on time waited that long too.
// Prints one JSON line like intake-load.mjs: requests, answers by status, latency percentiles.
import { createHmac, randomUUID } from "node:crypto";
import { readFileSync } from "node:fs";
import { Agent, request } from "node:http";
import { webhookHeaders } from "./webhook-headers.mjs";

const o = JSON.parse(process.argv[2]);
const body = Buffer.from(readFileSync(o.bodyFile, "utf8"));
const hmac = createHmac("sha256", o.secret).update(body).digest("base64");
const url = new URL(`${o.url}/webhooks/${o.topic}`);
const agent = new Agent({ keepAlive: true, maxSockets: o.connections ?? 256 });
const total = Math.round(o.rate * o.seconds);
const latencies = [];
const byStatus = {};
let errors = 0;
let sent = 0;
let settled = 0;

function send(dueAt) {
  const id = `${o.prefix}-${randomUUID()}`;
  sent++;
  const req = request(url, {
    method: "POST",
    agent,
    headers: { ...webhookHeaders(o, hmac, id), "content-length": body.length },
  });
  const done = (status) => {
    if (status) byStatus[status] = (byStatus[status] ?? 0) + 1;
    else errors++;
    latencies.push(performance.now() - dueAt);
    settled++;
  };
  req.on("response", (res) => {
    res.resume();
    res.on("end", () => done(res.statusCode));
  });
  req.on("error", () => done(0));
  req.setTimeout(10_000, () => req.destroy(new Error("timeout")));
  req.end(body);
}

const started = performance.now();
await new Promise((resolve) => {
  const tick = () => {
    const now = performance.now();
    const due = Math.min(total, Math.floor(((now - started) / 1000) * o.rate));
    while (sent < due) send(started + (sent / o.rate) * 1000);
    if (sent >= total) return resolve();
    // Sleep until the next request is due. Polling with setImmediate kept this process on a whole
    // core, taken from the server and PostgreSQL it measures on a 2-core machine: at 1 000/s,
    // ~1 000 µs of CPU per request polling, ~430 sleeping (undici's client was no cheaper).
    setTimeout(tick, started + (sent / o.rate) * 1000 - performance.now());
  };
  tick();
});
const deadline = performance.now() + 15_000;
while (settled < total && performance.now() < deadline) await new Promise((r) => setTimeout(r, 20));
errors += total - settled;
agent.destroy();

latencies.sort((a, b) => a - b);
const pct = (p) => Math.round(latencies[Math.min(latencies.length - 1, Math.ceil((p / 100) * latencies.length) - 1)] ?? NaN);
console.log(JSON.stringify({ requests: total, seconds: o.seconds, byStatus, errors, ok: byStatus["200"] ?? 0, p50: pct(50), p99: pct(99) }));
