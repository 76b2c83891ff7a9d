// Production server: Remix on Express, plus whatever background work this process owns
// (the embedded worker by default; only a BullMQ producer when REDIS_URL is set).
import "dotenv/config";
import { loadBuild } from "./scripts/load-build.js";
import { createServer } from "node:http";
import express from "express";
import { createRequestHandler } from "@remix-run/express";

const build = await loadBuild();
const { runtime } = build.entry.module;

// An empty HOST (a compose file's blank variable) is the default, as an unset one.
const host = process.env.HOST?.trim() || "0.0.0.0";
let background;
let port;
try {
  // Read before boot: a mistyped PORT stops the start-up before the worker takes any rows.
  port = runtime.portSetting("PORT", process.env.PORT ?? "3000", { allowAny: true });
  background = await runtime.boot(runtime.webRole());
} catch (err) {
  console.error(`conduit: ${err.message}`);
  process.exit(1);
}

const app = express();
app.disable("x-powered-by");
app.use("/assets", express.static("build/client/assets", { immutable: true, maxAge: "1y" }));
app.use(express.static("build/client", { maxAge: "1h" }));
// No body parser: webhook HMACs are checked over the raw body.
// The peer address reaches routes (the collect endpoint) through the load context; Remix's
// Request has none.
app.all("*", createRequestHandler({ build, mode: process.env.NODE_ENV, getLoadContext: (req) => ({ peerAddress: req.socket.remoteAddress }) }));

// Webhooks for data topics and the Web Pixel's /collect skip Express and Remix: read as they stream
// in, stored by the group commit (app/webhooks/receive.server.ts, app/collect/receive.server.ts).
// Everything else, lifecycle webhooks included, is Remix's.
const server = createServer((req, res) => {
  if (!runtime.handleWebhook(req, res) && !runtime.handleCollect(req, res)) app(req, res);
});
runtime.listenOn(server, "PORT", port, host).then(
  (taken) => console.log(`conduit listening on http://${host.includes(":") ? `[${host}]` : host}:${taken}`),
  async (err) => {
    console.error(`conduit: ${err.message}`);
    await background.stop();
    process.exit(1);
  },
);

// SIGTERM: stop taking requests, let in-flight vendor calls finish, release leases, then exit.
const shutdown = async (signal) => {
  console.log(`conduit: ${signal}, shutting down`);
  server.close();
  await background.stop();
  process.exit(0);
};
process.once("SIGTERM", () => void shutdown("SIGTERM"));
process.once("SIGINT", () => void shutdown("SIGINT"));
