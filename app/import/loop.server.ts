// In every worker process: takes import runs nobody holds (new, resumed, or left by a process that
// died — its lease expires) and advances them. Several processes may run this; leases keep one
// process per run.
import prisma from "../db.server";
import { logger } from "../logger.server";
import { workerId } from "../delivery/worker.server";
import { advanceRun, claimRun } from "./runner.server";

const CHECK_MS = Number(process.env.CONDUIT_IMPORT_POLL_MS ?? 1000);

export function startImportLoop(owner = workerId()): { stop(): Promise<void> } {
  const running = new Map<string, Promise<void>>();
  let stopped = false;
  let timer: NodeJS.Timeout | undefined;
  const tick = async () => {
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
    } catch (err) {
      logger.error({ err }, "import loop pass failed; retrying");
    }
    if (!stopped) timer = setTimeout(tick, CHECK_MS);
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
