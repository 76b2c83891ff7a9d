// The embedded worker: one loop in the app process that drains due connections, several at a
// time, and wakes early when intake says new rows exist. BullMQ replaces the loop at scale;
// drainConnection is the same in both.
import { randomUUID } from "node:crypto";
import { hostname } from "node:os";
import { logger } from "../logger.server";
import { drainConnection } from "./drain.server";
import { dueConnectionIds, recoverExpiredLeases } from "./sweeper.server";

export interface Worker {
  wake(): void;
  /** Stops taking work and waits for drains under way (SIGTERM). */
  stop(): Promise<void>;
}

export function workerId(): string {
  return `${hostname()}:${process.pid}:${randomUUID().slice(0, 8)}`;
}

export async function runPool<T>(items: T[], concurrency: number, fn: (item: T) => Promise<unknown>) {
  const queue = [...items];
  const lanes = Array.from({ length: Math.min(concurrency, queue.length) }, async () => {
    for (let item = queue.shift(); item !== undefined; item = queue.shift()) await fn(item);
  });
  await Promise.all(lanes);
}

export function startEmbeddedWorker(opts: { pollMs?: number; concurrency?: number } = {}): Worker {
  const owner = workerId();
  const pollMs = opts.pollMs ?? Number(process.env.CONDUIT_POLL_MS ?? 500);
  const concurrency = opts.concurrency ?? Number(process.env.CONDUIT_WORKER_CONCURRENCY ?? 4);
  let running = true;
  let wakeUp: () => void = () => undefined;
  const log = logger.child({ worker: owner });

  const loop = (async () => {
    while (running) {
      let busy = false;
      try {
        await recoverExpiredLeases();
        await runPool(await dueConnectionIds(), concurrency, async (id) => {
          const summary = await drainConnection(id, owner);
          busy ||= summary.sent > 0 && !summary.halted;
        });
      } catch (err) {
        log.error({ err }, "worker pass failed; retrying");
      }
      if (running && !busy) {
        await new Promise<void>((resolve) => {
          const timer = setTimeout(resolve, pollMs);
          wakeUp = () => {
            clearTimeout(timer);
            resolve();
          };
        });
      }
    }
  })();

  log.info({ pollMs, concurrency }, "embedded worker started");
  return {
    wake: () => wakeUp(),
    async stop() {
      running = false;
      wakeUp();
      await loop;
      log.info("embedded worker stopped");
    },
  };
}
