// Process start-up shared by the web server, `npm run worker` and the CLI: one place decides
// which database, which scheduler (embedded loop or BullMQ) and what a bad config means.
import { tuneDatabase, target } from "./db.server";
import { encryptionKey } from "./crypto.server";
import { logger } from "./logger.server";
import { setScheduler } from "./delivery/scheduler.server";
import { startEmbeddedWorker, type Worker } from "./delivery/worker.server";
import { startQueue } from "./delivery/queue.server";
import { runCli } from "./cli/main.server";
import { serveProbes } from "./probes.server";
import { startImportLoop } from "./import/loop.server";

export class ConfigError extends Error {}

/** Refuses to start production with a config that would lose or leak data. */
export function checkConfig(env = process.env): void {
  const production = env.NODE_ENV === "production";
  try {
    encryptionKey();
  } catch (err) {
    if (production) throw new ConfigError(`cannot start: ${(err as Error).message}`);
    logger.warn(`${(err as Error).message} — run npm run setup to create a development key`);
  }
  if (production && !env.SHOPIFY_API_SECRET) throw new ConfigError("cannot start: SHOPIFY_API_SECRET is not set");
}

export type Role = "web" | "worker" | "web+worker" | "cli";

/** Starts background work for this process; returns how to stop it on SIGTERM. */
export async function boot(role: Role): Promise<{ stop(): Promise<void> }> {
  const work = await bootDelivery(role);
  // Historical imports advance in every process that delivers (app/import/).
  if (role !== "worker" && role !== "web+worker") return work;
  const imports = startImportLoop();
  return { stop: () => Promise.all([imports.stop(), work.stop()]).then(() => undefined) };
}

async function bootDelivery(role: Role): Promise<{ stop(): Promise<void> }> {
  checkConfig();
  // A database that is down at start-up is not fatal: webhooks answer 503 until it is back.
  await tuneDatabase().catch((err) => logger.error({ err }, "database unavailable at start-up"));
  const redisUrl = process.env.REDIS_URL;
  const works = role === "worker" || role === "web+worker";
  if (role !== "cli") logger.info({ database: target.provider, queue: redisUrl ? "bullmq" : "embedded", role }, "conduit starting");
  if (redisUrl) {
    const queue = await startQueue(redisUrl, { work: works });
    setScheduler(queue);
    return queue;
  }
  if (!works) return { stop: async () => undefined };
  const worker: Worker = startEmbeddedWorker();
  setScheduler({ notify: () => worker.wake() });
  return worker;
}

export const runtime = { boot, checkConfig, runCli, serveProbes };
