// One drill's world: a fresh database, the four vendor simulators, the real server pointed at
// them with short retry and lease settings, worker processes on demand, and connections made
// with the simulators' credentials. Everything it started, close() stops.
import { startVendorSimulators, type VendorSimulators } from "../../simulators";
import { startSimulator, type Simulator } from "../../simulators/base";
import type { ShopifyAdminSimulator } from "../../simulators/shopify-admin";
import type { VendorId } from "../../app/vendors/types";
import { startConduit, testEnv, type Conduit } from "./conduit";
import { createTestDatabase, type Provider, type TestDatabase } from "./database";
import type { Hook } from "./entities";
import { startWorker, type Proc } from "./processes";
import { seedConnection, SIM_SETTINGS } from "./seed";
import { sendWebhook, TEST_SHOP, type WebhookOptions } from "./webhooks";


export interface Rig {
  db: TestDatabase["db"];
  sims: VendorSimulators;
  /** The Admin API stand-in's server, when the rig was given one. */
  adminServer?: Simulator;
  /** The server; replaced by startServer(). */
  conduit: Conduit;
  /** Stops the server with `signal` (SIGKILL: a crash) and resolves with its exit code. */
  stopServer(signal?: NodeJS.Signals): Promise<number | null>;
  /** Starts a new server on the same database and simulators. */
  startServer(): Promise<void>;
  /** The environment every process of this rig shares (database, encryption key, simulators). */
  env: Record<string, string>;
  connect(vendor: VendorId, shop?: string, secret?: Record<string, string>): ReturnType<typeof seedConnection>;
  startWorker(extra?: Record<string, string>): Promise<Proc>;
  /** Sends the hook and fails unless Conduit answered 200. */
  send(hook: Hook, opts?: WebhookOptions): Promise<void>;
  /**
   * Runs `fn` with the connections held back (rows are stored, nothing is sent), then lets them go,
   * so that everything `fn` sends reaches the worker as one batch.
   */
  batch(connectionIds: string[], fn: () => Promise<void>): Promise<void>;
  close(): Promise<void>;
}

export interface RigOptions {
  /** A Shopify Admin API stand-in to serve (the test keeps it to seed or inspect it). */
  admin?: ShopifyAdminSimulator;
}

export async function startRig(provider: Provider, extraEnv: Record<string, string> = {}, opts: RigOptions = {}): Promise<Rig> {
  const started: { close(): Promise<unknown> }[] = [];
  // Whatever started before a failure is stopped again, so a broken start leaks nothing.
  const starting = async <T extends { close(): Promise<unknown> }>(start: Promise<T>): Promise<T> => {
    const it = await start;
    started.push(it);
    return it;
  };
  let conduit: Conduit;
  let database: TestDatabase;
  let sims: VendorSimulators;
  let adminServer: Simulator | undefined;
  let env: Record<string, string>;
  try {
    database = await createTestDatabase(provider);
    started.push({ close: () => database.drop() });
    sims = await starting(startVendorSimulators());
    adminServer = opts.admin ? await starting(startSimulator(opts.admin)) : undefined;
    const adminEnv: Record<string, string> = adminServer ? { SHOPIFY_ADMIN_API_URL: adminServer.url } : {};
    env = testEnv(database.url, { ...sims.env, ...adminEnv, CONDUIT_LEASE_MS: "2000", ...extraEnv });
    conduit = await startConduit(env);
  } catch (err) {
    await Promise.all(started.map((s) => s.close().catch(() => undefined)));
    throw err;
  }
  const workers: Proc[] = [];
  let serverExit: Promise<number | null> | undefined;
  const rig: Rig = {
    db: database.db,
    sims,
    adminServer,
    conduit,
    env,
    // Conduit.stop() waits for an exit that already happened if called twice: stop once per server.
    stopServer: (signal = "SIGTERM") => (serverExit ??= rig.conduit.stop(signal)),
    async startServer() {
      rig.conduit = await startConduit(env);
      serverExit = undefined;
    },
    connect: (vendor, shop = TEST_SHOP, secret = SIM_SETTINGS[vendor][0]) => seedConnection(database.db, env, vendor, secret, SIM_SETTINGS[vendor][1], shop),
    async startWorker(extra = {}) {
      const worker = await startWorker({ ...env, ...extra });
      workers.push(worker);
      return worker;
    },
    async send(hook, opts) {
      const res = await sendWebhook(rig.conduit.url, hook.topic, hook.payload, opts);
      if (res.status !== 200) throw new Error(`${hook.topic} answered ${res.status}: ${await res.text()}`);
    },
    async batch(connectionIds, fn) {
      const where = { id: { in: connectionIds } };
      // Throttled, not paused: a pause would log hold/release transitions the drills don't expect.
      await database.db.vendorConnection.updateMany({ where, data: { throttledUntil: new Date(Date.now() + 3_600_000) } });
      await fn();
      await database.db.vendorConnection.updateMany({ where, data: { throttledUntil: null } });
    },
    async close() {
      await Promise.all(workers.map((w) => w.stop("SIGKILL")));
      await rig.stopServer("SIGKILL");
      await adminServer?.close();
      await sims.close();
      await database.drop();
    },
  };
  return rig;
}
