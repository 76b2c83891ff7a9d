// `npm run worker` has no web server, yet an operator running several of them needs each one's
// numbers (its vendor calls are counted in its own memory) and a liveness check: with
// METRICS_PORT set, a worker answers /metrics and /healthz exactly as the web process does.
import { createServer, type Server } from "node:http";
import { scrape } from "./delivery/metrics.server";
import { health } from "./health.server";
import { listenOn, portSetting } from "./listen.server";
import { logger } from "./logger.server";

async function answer(path: string, authorization: string | null): Promise<{ status: number; type: string; body: string }> {
  if (path === "/metrics") return scrape(authorization);
  if (path === "/healthz") {
    const { status, body } = await health();
    return { status, type: "application/json", body: JSON.stringify(body) };
  }
  return { status: 404, type: "text/plain", body: "not found: this port serves /metrics and /healthz" };
}

/** Serves the probes on METRICS_PORT (given as the raw setting); a bad or busy port is an error naming it. */
export async function serveProbes(setting: string, host = process.env.HOST ?? "0.0.0.0"): Promise<{ close(): Promise<void> }> {
  const port = portSetting("METRICS_PORT", setting);
  const server: Server = createServer((req, res) => {
    const path = new URL(req.url ?? "/", "http://probe").pathname;
    answer(path, req.headers.authorization ?? null)
      .then(({ status, type, body }) => res.writeHead(status, { "content-type": type }).end(body))
      .catch((err: unknown) => {
        logger.error({ err }, "probe request failed");
        res.writeHead(500).end();
      });
  });
  await listenOn(server, "METRICS_PORT", port, host);
  logger.info({ port, host }, "worker probes: /metrics and /healthz");
  return { close: () => new Promise((done) => server.close(() => done())) };
}
