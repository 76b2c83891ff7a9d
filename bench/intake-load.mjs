// The intake bench's load generator, run as its own process (never on the server's event loop or
// the bench's): autocannon sends one signed webhook body, each request with a new webhook id and
// event id. Closed loop (as fast as `connections` allow) or, with `rate`, a fixed offered rate.
// Prints one JSON line: requests, answers by status, requests/s, latency percentiles.
import { createHmac, randomUUID } from "node:crypto";
import { readFileSync } from "node:fs";
import autocannon from "autocannon";
import { webhookHeaders } from "./webhook-headers.mjs";

const o = JSON.parse(process.argv[2]);
const body = readFileSync(o.bodyFile, "utf8");
const hmac = createHmac("sha256", o.secret).update(body, "utf8").digest("base64");
const result = await autocannon({
  url: `${o.url}/webhooks/${o.topic}`,
  method: "POST",
  connections: o.connections,
  duration: o.seconds,
  ...(o.rate ? { overallRate: o.rate } : {}),
  requests: [
    {
      setupRequest(req) {
        const id = `${o.prefix}-${randomUUID()}`;
        return {
          ...req,
          body,
          headers: webhookHeaders(o, o.badHmac ? hmac.replace(/^./, (c) => (c === "A" ? "B" : "A")) : hmac, id),
        };
      },
    },
  ],
});
const byStatus = Object.fromEntries(Object.entries(result.statusCodeStats ?? {}).map(([k, v]) => [k, v.count]));
console.log(
  JSON.stringify({
    requests: result.requests.total,
    seconds: result.duration,
    byStatus,
    errors: result.errors + result.timeouts,
    ok: byStatus["200"] ?? 0,
    p50: result.latency.p50,
    p99: result.latency.p99,
  }),
);
