// A rig shaped like one deployment: the embedded worker inside the server process, or a web
// process that only stores and enqueues beside a BullMQ worker.js. Either way, a drill can stop
// "the process that delivers" and start its replacement.
import type { Provider } from "./database";
import type { Proc } from "./processes";
import { queueEnv, type QueueMode } from "./queue";
import { startRig, type Rig } from "./rig";

export interface Deployment {
  rig: Rig;
  /** Stops the delivering process with `signal` and resolves with its exit code. */
  stopDelivery(signal: NodeJS.Signals): Promise<number | null>;
  startDelivery(): Promise<void>;
}

export async function startDeployment(provider: Provider, mode: QueueMode, env: Record<string, string> = {}): Promise<Deployment> {
  const rig = await startRig(provider, { ...queueEnv(mode), ...(mode === "bullmq" ? { CONDUIT_WORKER: "off" } : {}), ...env });
  let worker: Proc | undefined = mode === "bullmq" ? await rig.startWorker() : undefined;
  return {
    rig,
    stopDelivery: (signal) => (worker ? worker.stop(signal) : rig.stopServer(signal)),
    async startDelivery() {
      if (worker) worker = await rig.startWorker();
      else await rig.startServer();
    },
  };
}
