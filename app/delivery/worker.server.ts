// The embedded worker: lanes in the app process that each take the next due connection and drain
// it, and wake early when intake says new rows exist. Lanes are independent so that a connection
// working through a backlog at its vendor's pace (seconds per call) holds one lane, never the
// others. BullMQ replaces the lanes at scale; drainConnection is the same in both.
import { randomUUID } from "node:crypto";
import { hostname } from "node:os";
import { logger } from "../logger.server";
import { drainConnection } from "./drain.server";
import { outageBackoff } from "./outage";
import { dueConnectionIds, sweepDue } from "./sweeper.server";
import { envCount, envInterval } from "../env";

export interface Worker {
  /** New rows for these connections (all of them when not said): lanes look for work now. */
  wake(connectionIds?: string[]): void;
  /** Stops taking work and waits for drains under way (SIGTERM). */
  stop(): Promise<void>;
}

export function workerId(): string {
  return `${hostname()}:${process.pid}:${randomUUID().slice(0, 8)}`;
}

export function startEmbeddedWorker(opts: { pollMs?: number; concurrency?: number } = {}): Worker {
  const owner = workerId();
  const pollMs = opts.pollMs ?? envInterval("CONDUIT_POLL_MS", 500);
  const concurrency = opts.concurrency ?? envCount("CONDUIT_WORKER_CONCURRENCY", 4);
  let running = true;
  const log = logger.child({ worker: owner });
  // Shared by the lanes: with the database down they all wait out one growing pause.
  const outage = outageBackoff(pollMs);

  // Due connections not yet taken by a lane, refreshed by one query however many lanes ask.
  let due: string[] = [];
  const draining = new Set<string>();
  let refreshing: Promise<void> | undefined;
  // The whole sweep (leases, holds, kept outcomes) at most once a poll; in between, a lane that
  // finished a drain only asks which connections are due. Sweeping on every refresh was a third
  // of an import worker's queries: lanes ask dozens of times a second while vendors drain.
  let sweptAt = 0;
  let refreshedAt = 0;
  const refresh = () =>
    (refreshing ??= (async () => {
      const now = new Date();
      const sweep = now.getTime() - sweptAt >= pollMs;
      if (sweep) sweptAt = now.getTime();
      due = (await (sweep ? sweepDue(now) : dueConnectionIds(now))).filter((id) => !draining.has(id));
      refreshedAt = Date.now();
    })().finally(() => (refreshing = undefined)));

  // Resolves true when woken, false when the poll interval passed.
  const sleepers = new Set<() => void>();
  const idle = () =>
    new Promise<boolean>((resolve) => {
      const done = (woken: boolean) => {
        clearTimeout(timer);
        sleepers.delete(wakeUp);
        resolve(woken);
      };
      const wakeUp = () => done(true);
      const timer = setTimeout(() => done(false), pollMs);
      sleepers.add(wakeUp);
    });
  const wakeAll = () => [...sleepers].forEach((done) => done());
  // A connection a lane is draining needs no other lane: that drain comes back for the new rows.
  // An import hands over a chunk every few hundred milliseconds to connections already draining,
  // and waking every idle lane for each was most of the worker's due-connection queries.
  const wake = (ids?: string[]) => {
    if (!ids || ids.some((id) => !draining.has(id))) wakeAll();
  };

  const lane = async () => {
    // After a drain that found nothing to send (another process holds the connection, or it is
    // throttled), wait before asking again instead of spinning on the same answer.
    let quiet = false;
    while (running) {
      try {
        await outage.wait();
        if (!running) break;
        if (due.length === 0) {
          // Idle lanes poll together, not each on its own clock: when another lane asked less
          // than a poll ago, its answer (nothing for this lane) still stands.
          if (quiet && !(await idle()) && Date.now() - refreshedAt < pollMs) continue;
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
      wakeAll();
      await lanes;
      log.info("embedded worker stopped");
    },
  };
}
