// Scale-out scheduling on BullMQ (REDIS_URL). The database stays the record; Redis only says
// "connection X has work". One job id per connection collapses bursts, the connection lease
// keeps one drainer per connection across all processes, and a sweeper in every worker process
// re-enqueues anything due that Redis never heard of (a crash between commit and enqueue).
import { Queue, Worker as BullWorker } from "bullmq";
import { Redis } from "ioredis";
import { logger } from "../logger.server";
import { drainConnection } from "./drain.server";
import { dueConnectionIds, recoverExpiredLeases } from "./sweeper.server";
import { workerId } from "./worker.server";

export const QUEUE_NAME = process.env.CONDUIT_QUEUE_NAME ?? "conduit-drain";

export async function startQueue(redisUrl: string, opts: { work: boolean }) {
  const connection = new Redis(redisUrl, { maxRetriesPerRequest: null });
  const queue = new Queue(QUEUE_NAME, { connection });
  const enqueue = (ids: string[]) =>
    queue.addBulk(
      ids.map((connectionId) => ({
        name: "drain",
        data: { connectionId },
        opts: { jobId: `drain-${connectionId}`, removeOnComplete: true, removeOnFail: true },
      })),
    );

  let worker: BullWorker | undefined;
  let sweeper: NodeJS.Timeout | undefined;
  let stopped = false;
  if (opts.work) {
    const owner = workerId();
    const log = logger.child({ worker: owner });
    worker = new BullWorker(
      QUEUE_NAME,
      async (job) => drainConnection(job.data.connectionId as string, owner),
      { connection, concurrency: Number(process.env.CONDUIT_WORKER_CONCURRENCY ?? 4) },
    );
    worker.on("failed", (job, err) => log.error({ err, connection: job?.data?.connectionId }, "drain job failed"));
    const sweepMs = Number(process.env.CONDUIT_SWEEP_MS ?? 1000);
    const sweep = async () => {
      try {
        await recoverExpiredLeases();
        const ids = await dueConnectionIds();
        if (ids.length) await enqueue(ids);
      } catch (err) {
        log.error({ err }, "sweep failed");
      }
      if (!stopped) sweeper = setTimeout(sweep, sweepMs);
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
