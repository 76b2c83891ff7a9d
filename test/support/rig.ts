// One drill's world: a fresh database, the four vendor simulators, the real server pointed at
// them with short retry and lease settings, worker processes on demand, and connections made
// with the simulators' credentials. Everything it started, close() stops.
import { startVendorSimulators, SIM_CREDENTIALS, type VendorSimulators } from "../../simulators";
import type { VendorId } from "../../app/vendors/types";
import { startConduit, testEnv, type Conduit } from "./conduit";
import { createTestDatabase, type Provider, type TestDatabase } from "./database";
import type { Hook } from "./entities";
import { startWorker, type Proc } from "./processes";
import { seedConnection } from "./seed";
import { sendWebhook, TEST_SHOP, type WebhookOptions } from "./webhooks";

const { metrilo, ometria, tracktor, tracify } = SIM_CREDENTIALS;

/** Each vendor's settings for its simulator, split as the app stores them: secret, then public. */
export const SIM_SETTINGS: Record<VendorId, [Record<string, string>, Record<string, string>]> = {
  metrilo: [{ apiSecret: metrilo.apiSecret }, { apiToken: metrilo.apiToken }],
  ometria: [{ apiKey: ometria.apiKey }, { accountId: ometria.accountId }],
  tracktor: [{ signatureSecret: tracktor.signatureSecret }, { token: tracktor.token }],
  tracify: [{ apiKey: tracify.apiKey }, { customerSiteId: tracify.customerSiteId }],
};

export interface Rig {
  db: TestDatabase["db"];
  sims: VendorSimulators;
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

export async function startRig(provider: Provider, extraEnv: Record<string, string> = {}): Promise<Rig> {
  const database = await createTestDatabase(provider);
  const sims = await startVendorSimulators();
  const env = testEnv(database.url, { ...sims.env, CONDUIT_LEASE_MS: "2000", ...extraEnv });
  const workers: Proc[] = [];
  let serverExit: Promise<number | null> | undefined;
  const rig: Rig = {
    db: database.db,
    sims,
    conduit: await startConduit(env),
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
      await sims.close();
      await database.drop();
    },
  };
  return rig;
}
