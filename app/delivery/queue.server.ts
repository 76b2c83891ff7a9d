// Scale-out scheduling on BullMQ (REDIS_URL). The database stays the record; Redis only says
// "connection X has work". One job id per connection collapses bursts, the connection lease
// keeps one drainer per connection across all processes, and a sweeper in every worker process
// re-enqueues anything due that Redis never heard of (a crash between commit and enqueue).
import { Queue, Worker as BullWorker } from "bullmq";
import { Redis } from "ioredis";
import { logger } from "../logger.server";
import { drainConnection } from "./drain.server";
import { outageBackoff } from "./outage";
import { policy } from "./policy";
import { sweepDue } from "./sweeper.server";
import { workerId } from "./worker.server";
import { envCount, envInterval } from "../env";

export const QUEUE_NAME = process.env.CONDUIT_QUEUE_NAME ?? "conduit-drain";
const STALL_MS = Math.min(30_000, Math.max(1_000, policy.leaseMs));

export async function startQueue(redisUrl: string, opts: { work: boolean }) {
  // Named, so an operator (or a drill) can tell which Redis clients are this queue's.
  const connection = new Redis(redisUrl, { maxRetriesPerRequest: null, connectionName: `conduit:${QUEUE_NAME}` });
  const queue = new Queue(QUEUE_NAME, { connection });
  const redis = watchRedis(connection);
  // While Redis is down ioredis holds every command until it reconnects (maxRetriesPerRequest: null,
  // which BullMQ's worker needs): each stored batch's notify piled up in the web process's memory
  // for the whole outage (~1 KB a batch), and a sweep waited on its enqueue without a word. The
  // rows are in the database; the first sweep after Redis answers again enqueues every one due.
  const enqueue = async (ids: string[]) => {
    if (redis.down()) throw new Error(`Redis at ${where(connection)} is not answering (${connection.status})`);
    await queue.addBulk(
      ids.map((connectionId) => ({
        name: "drain",
        data: { connectionId },
        opts: { jobId: `drain-${connectionId}`, removeOnComplete: true, removeOnFail: true },
      })),
    );
  };

  let worker: BullWorker | undefined;
  let sweeper: NodeJS.Timeout | undefined;
  let stopped = false;
  if (opts.work) {
    const owner = workerId();
    const log = logger.child({ worker: owner });
    worker = new BullWorker(
      QUEUE_NAME,
      // worker.close() waits for active jobs: `stopped` makes them end after their current call.
      async (job) => drainConnection(job.data.connectionId as string, owner, { stopping: () => stopped }),
      {
        connection,
        concurrency: envCount("CONDUIT_WORKER_CONCURRENCY", 4),
        // A worker killed mid-job leaves its job active, and the job id blocks re-enqueueing that
        // connection until BullMQ declares the job stalled (30 s by default). Tie that to the
        // connection lease, so a crash is recovered in about one lease on this path as well.
        lockDuration: STALL_MS,
        stalledInterval: STALL_MS,
      },
    );
    worker.on("failed", (job, err) => log.error({ err, connection: job?.data?.connectionId }, "drain job failed"));
    const sweepMs = envInterval("CONDUIT_SWEEP_MS", 1000);
    // Database or Redis down: sweep (and log) less and less often, up to the cap.
    const outage = outageBackoff(sweepMs);
    const sweep = async () => {
      let nextMs = sweepMs;
      try {
        const ids = await sweepDue();
        if (ids.length) await enqueue(ids);
        const ended = outage.succeeded();
        if (ended) log.info({ failedSweeps: ended }, "sweeps succeed again");
      } catch (err) {
        const wait = outage.failed()!;
        nextMs = wait.delayMs;
        log.error({ err, retryInMs: wait.delayMs, failedSweeps: wait.failures }, "sweep failed; backing off");
      }
      if (!stopped) sweeper = setTimeout(sweep, nextMs);
    };
    void sweep();
    log.info({ queue: QUEUE_NAME }, "bullmq worker started");
  }

  return {
    notify: (ids: string[]) => enqueue(ids).then(() => undefined),
    async stop() {
      stopped = true;
      if (sweeper) clearTimeout(sweeper);
      await worker?.close();
      await queue.close();
      connection.disconnect();
    },
  };
}

const where = (redis: Redis) => `${redis.options.host}:${redis.options.port}`;

/**
 * One line when Redis stops answering and one when it answers again, in every role: ioredis
 * reports each failed reconnect, and nothing was logged at all, so a web process whose REDIS_URL
 * was wrong stored webhooks that no worker heard of, while it looked well.
 */
function watchRedis(redis: Redis): { down(): boolean } {
  let down = false;
  redis.on("error", (err: Error) => {
    if (down) return;
    down = true;
    logger.error({ redis: where(redis), reason: err.message }, "Redis unreachable: webhooks are still stored; deliveries wait until it answers");
  });
  redis.on("ready", () => {
    if (!down) return;
    down = false;
    logger.info({ redis: where(redis) }, "Redis answers again: deliveries resume");
  });
  // Down from its first failed attempt until it is ready again; a start-up's first connect is not.
  return { down: () => down };
}
