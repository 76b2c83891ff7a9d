// `npm run worker`: delivery workers without the web server. With REDIS_URL these share a
// BullMQ queue (run as many as you like); without it, an embedded worker over the database.
import "dotenv/config";
import { loadBuild } from "./scripts/load-build.js";

const build = await loadBuild();
const { runtime } = build.entry.module;

let background;
try {
  background = await runtime.boot("worker");
} catch (err) {
  console.error(`conduit: ${err.message}`);
  process.exit(1);
}
console.log("conduit worker running");

const shutdown = async () => {
  await background.stop();
  process.exit(0);
};
process.once("SIGTERM", () => void shutdown());
process.once("SIGINT", () => void shutdown());
