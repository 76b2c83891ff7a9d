// `npm run worker`: delivery workers without the web server. With REDIS_URL these share a
// BullMQ queue (run as many as you like); without it, an embedded worker over the database.
import "dotenv/config";
import { loadBuild } from "./scripts/load-build.js";

const build = await loadBuild();
const { runtime } = build.entry.module;

let background;
let probes = null;
try {
  background = await runtime.boot("worker");
  // METRICS_PORT: this worker's own /metrics and /healthz (each worker counts its own calls).
  if (process.env.METRICS_PORT) probes = await runtime.serveProbes(process.env.METRICS_PORT);
} catch (err) {
  console.error(`conduit: ${err.message}`);
  process.exit(1);
}
console.log("conduit worker running");

const shutdown = async () => {
  await probes?.close();
  await background.stop();
  process.exit(0);
};
process.once("SIGTERM", () => void shutdown());
process.once("SIGINT", () => void shutdown());
