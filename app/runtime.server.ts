// Process start-up shared by the web server, `npm run worker` and the CLI: one place decides
// which database, which scheduler (embedded loop or BullMQ) and what a bad config means.
import { tuneDatabase, target } from "./db.server";
import { encryptionKey, keyId, oldKeys } from "./crypto.server";
import { checkStoredSecrets, markUnreadable } from "./connections/readable.server";
import { logger } from "./logger.server";
import { setScheduler } from "./delivery/scheduler.server";
import { startEmbeddedWorker, type Worker } from "./delivery/worker.server";
import { startQueue } from "./delivery/queue.server";
import { runCli } from "./cli/main.server";
import { serveProbes } from "./probes.server";
import { listenOn, portSetting } from "./listen.server";
import { handleWebhook } from "./webhooks/receive.server";
import { handleCollect } from "./collect/receive.server";
import { startImportLoop } from "./import/loop.server";
import { CHECKPOINT_EVERY_MS, startCheckpoints } from "./db/checkpoints";
import { sqlitePageSize } from "./db/sqlite";
import { badAddressSettings } from "./delivery/context.server";

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
  if (production) oldKeys(); // a malformed old key is as bad as a malformed current one
  // Every connection sets it: a bad one would leave the server up, answering 503 to every webhook.
  if (target.provider === "sqlite") {
    try {
      sqlitePageSize(env);
    } catch (err) {
      throw new ConfigError(`cannot start: ${(err as Error).message}`);
    }
  }
  // Every vendor call of every shop would fail, retried for a day, while the process looked well.
  const addresses = badAddressSettings(env);
  if (addresses.length) throw new ConfigError(`cannot start: ${addresses.join("; ")}`);
  if (production && !env.SHOPIFY_API_SECRET) throw new ConfigError("cannot start: SHOPIFY_API_SECRET is not set");
  // Published in this repository's .env.example: anyone could sign webhooks with it.
  if (production && env.SHOPIFY_API_SECRET === DEV_API_SECRET) {
    throw new ConfigError(`cannot start: SHOPIFY_API_SECRET is the published development secret "${DEV_API_SECRET}"; set the app's secret from the Partner dashboard`);
  }
}

const DEV_API_SECRET = "conduit-dev-api-secret";

/**
 * The web process's role from CONDUIT_WORKER: "off" stores only (workers deliver elsewhere), unset
 * or "on" also delivers. Anything else is refused: `CONDUIT_WORKER=false` used to mean "on", so a
 * web process meant to only store delivered too, beside the workers sized for it.
 */
export function webRole(env = process.env): Role {
  const setting = (env.CONDUIT_WORKER ?? "").trim().toLowerCase();
  if (setting === "off") return "web";
  if (setting === "" || setting === "on") return "web+worker";
  throw new ConfigError(`cannot start: CONDUIT_WORKER must be "off" (this process only stores webhooks) or "on" (it also delivers; the default), not "${env.CONDUIT_WORKER}"`);
}

/**
 * A well-formed but wrong CONDUIT_ENCRYPTION_KEY: when no stored secret opens, production refuses
 * to start. Refusing (rather than a failing /healthz) stops a bad deploy at its first process while
 * the old ones keep serving, and says why in one line; running on would only pause every
 * connection. When some open and some do not, those few need attention and the rest run.
 */
async function checkSecrets(production: boolean) {
  const { total, unreadable } = await checkStoredSecrets();
  if (unreadable.length === 0) return;
  if (production && unreadable.length === total) {
    throw new ConfigError(
      `cannot start: CONDUIT_ENCRYPTION_KEY (key ${keyId(encryptionKey())}) opens none of the ${total} stored vendor secrets: ` +
        `set the key they were saved with, or list it in CONDUIT_ENCRYPTION_KEYS_OLD (${unreadable[0].reason})`,
    );
  }
  logger.warn({ connections: unreadable.map((u) => u.id) }, `${unreadable.length} connection(s) have secrets no configured key opens; they need attention`);
  await markUnreadable(unreadable);
}

export type Role = "web" | "worker" | "web+worker" | "cli";

/** Starts background work for this process; returns how to stop it on SIGTERM. */
export async function boot(role: Role): Promise<{ stop(): Promise<void> }> {
  const delivery = await bootDelivery(role);
  // A CLI command is over before a checkpoint would matter; servers and workers write for hours.
  const checkpoints = target.provider === "sqlite" && role !== "cli" && CHECKPOINT_EVERY_MS > 0 ? await startCheckpoints(target.file) : undefined;
  const work = checkpoints ? { stop: () => delivery.stop().then(() => checkpoints.stop()) } : delivery;
  // Historical imports advance in every process that delivers (app/import/).
  if (role !== "worker" && role !== "web+worker") return work;
  const imports = startImportLoop();
  return { stop: () => Promise.all([imports.stop(), work.stop()]).then(() => undefined) };
}

async function bootDelivery(role: Role): Promise<{ stop(): Promise<void> }> {
  checkConfig();
  // A database that is down at start-up is not fatal: webhooks answer 503 until it is back.
  const dbUp = await tuneDatabase().then(
    () => true,
    (err) => (logger.error({ err }, "database unavailable at start-up"), false),
  );
  // The CLI skips it: rotate-key and connect are how an operator repairs unreadable secrets.
  if (dbUp && role !== "cli") {
    try {
      await checkSecrets(process.env.NODE_ENV === "production");
    } catch (err) {
      if (err instanceof ConfigError) throw err;
      logger.error({ err }, "could not check stored secrets at start-up");
    }
  }
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
  setScheduler({ notify: (ids) => worker.wake(ids) });
  return worker;
}

export const runtime = { boot, checkConfig, runCli, serveProbes, portSetting, listenOn, webRole, handleWebhook, handleCollect };
