// The embedded worker: lanes in the app process that each take the next due connection and drain
// it, and wake early when intake says new rows exist. Lanes are independent so that a connection
// working through a backlog at its vendor's pace (seconds per call) holds one lane, never the
// others. BullMQ replaces the lanes at scale; drainConnection is the same in both.
import { randomUUID } from "node:crypto";
import { hostname } from "node:os";
import { logger } from "../logger.server";
import { drainConnection } from "./drain.server";
import { outageBackoff } from "./outage";
import { sweepDue } from "./sweeper.server";

export interface Worker {
  wake(): void;
  /** Stops taking work and waits for drains under way (SIGTERM). */
  stop(): Promise<void>;
}

export function workerId(): string {
  return `${hostname()}:${process.pid}:${randomUUID().slice(0, 8)}`;
}

export function startEmbeddedWorker(opts: { pollMs?: number; concurrency?: number } = {}): Worker {
  const owner = workerId();
  const pollMs = opts.pollMs ?? Number(process.env.CONDUIT_POLL_MS ?? 500);
  const concurrency = opts.concurrency ?? Number(process.env.CONDUIT_WORKER_CONCURRENCY ?? 4);
  let running = true;
  const log = logger.child({ worker: owner });
  // Shared by the lanes: with the database down they all wait out one growing pause.
  const outage = outageBackoff(pollMs);

  // Due connections not yet taken by a lane, refreshed by one query however many lanes ask.
  let due: string[] = [];
  const draining = new Set<string>();
  let refreshing: Promise<void> | undefined;
  const refresh = () =>
    (refreshing ??= (async () => {
      due = (await sweepDue()).filter((id) => !draining.has(id));
    })().finally(() => (refreshing = undefined)));

  const sleepers = new Set<() => void>();
  const idle = () =>
    new Promise<void>((resolve) => {
      const done = () => {
        clearTimeout(timer);
        sleepers.delete(done);
        resolve();
      };
      const timer = setTimeout(done, pollMs);
      sleepers.add(done);
    });
  const wake = () => [...sleepers].forEach((done) => done());

  const lane = async () => {
    // After a drain that found nothing to send (another process holds the connection, or it is
    // throttled), wait before asking again instead of spinning on the same answer.
    let quiet = false;
    while (running) {
      try {
        await outage.wait();
        if (!running) break;
        if (due.length === 0) {
          if (quiet) await idle();
          if (!running) break;
          await refresh();
        }
        const id = due.shift();
        if (id === undefined) {
          quiet = true;
          continue;
        }
        if (draining.has(id)) continue;
        draining.add(id);
        try {
          const summary = await drainConnection(id, owner, { stopping: () => !running });
          quiet = summary.sent === 0 || summary.halted !== undefined;
        } finally {
          draining.delete(id);
        }
        const ended = outage.succeeded();
        if (ended) log.info({ failedPasses: ended }, "worker passes succeed again");
      } catch (err) {
        const wait = outage.failed();
        if (wait) log.error({ err, retryInMs: wait.delayMs, failedPasses: wait.failures }, "worker pass failed; backing off");
        quiet = true;
      }
    }
  };
  const lanes = Promise.all(Array.from({ length: concurrency }, lane));

  log.info({ pollMs, concurrency }, "embedded worker started");
  return {
    wake,
    async stop() {
      running = false;
      wake();
      await lanes;
      log.info("embedded worker stopped");
    },
  };
}
