// In every worker process: takes import runs nobody holds (new, resumed, or left by a process that
// died — its lease expires) and advances them. Several processes may run this; leases keep one
// process per run.
import prisma from "../db.server";
import { logger } from "../logger.server";
import { outageBackoff } from "../delivery/outage";
import { workerId } from "../delivery/worker.server";
import { advanceRun, claimRun } from "./runner.server";
import { envInterval } from "../env";

const CHECK_MS = envInterval("CONDUIT_IMPORT_POLL_MS", 1000);

export function startImportLoop(owner = workerId()): { stop(): Promise<void> } {
  const running = new Map<string, Promise<void>>();
  let stopped = false;
  let timer: NodeJS.Timeout | undefined;
  // The delivery worker already reports a database outage once per wait; this loop says it once
  // per outage and backs off like the worker, so an outage does not log a line a second.
  const outage = outageBackoff(CHECK_MS);
  const tick = async () => {
    let next = CHECK_MS;
    try {
      const now = new Date();
      const runs = await prisma.importRun.findMany({
        where: { status: { in: ["queued", "running"] }, OR: [{ leaseOwner: null }, { leaseUntil: { lt: now } }] },
        select: { id: true },
      });
      for (const { id } of runs) {
        if (stopped || running.has(id) || !(await claimRun(id, owner))) continue;
        running.set(id, advanceRun(id, owner, () => stopped).finally(() => running.delete(id)));
      }
      if (outage.succeeded()) logger.info("import loop reads the database again");
    } catch (err) {
      const wait = outage.failed();
      if (wait) next = wait.delayMs;
      if (wait?.failures === 1) logger.error({ err }, "import loop pass failed; backing off until the database answers");
      else logger.debug({ err, retryInMs: next }, "import loop pass failed again");
    }
    if (!stopped) timer = setTimeout(tick, next);
  };
  timer = setTimeout(tick, 0);
  return {
    async stop() {
      stopped = true;
      clearTimeout(timer);
      // Each run stops at its next step and releases its lease for the next process.
      await Promise.race([Promise.all(running.values()), new Promise((r) => setTimeout(r, 2000))]);
    },
  };
}
