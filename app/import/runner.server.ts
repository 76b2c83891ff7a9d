// Advances one import run, step by step, under a lease: bulk operations started and waited for,
// results staged, records published, then each vendor fed at its own pace. Every step commits its
// checkpoint, so a process killed at any point leaves a run the next lease holder continues.
import { setImmediate as turn } from "node:timers/promises";
import prisma from "../db.server";
import { logger } from "../logger.server";
import { adminAccess, bulkState, finishReceived, ImportSourceError, openResult, startBulk, type AdminAccess } from "./bulk.server";
import { enqueueChunk, outstanding } from "./enqueue.server";
import { readProgress, type Progress } from "./progress";
import { publishPage } from "./publish.server";
import { IMPORT_TOPIC, type Resource } from "./resources";
import { saveProgress } from "./progress.server";
import { stageStream } from "./stage.server";
import { waitsForEachResource } from "./vendors";
import { envInterval } from "../env";

const LEASE_MS = envInterval("CONDUIT_IMPORT_LEASE_MS", 15_000);
// Short: while the vendors drain, the next chunk is handed over as soon as there is room for it.
const POLL_MS = envInterval("CONDUIT_IMPORT_POLL_MS", 250);
/** Polling the Admin API is the fallback: the finish webhook is looked for at every step. */
const BULK_POLL_MS = envInterval("CONDUIT_IMPORT_BULK_POLL_MS", 10_000);
const BULK_ATTEMPTS = 3;
const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

export async function claimRun(runId: string, owner: string): Promise<boolean> {
  const now = new Date();
  const { count } = await prisma.importRun.updateMany({
    where: { id: runId, status: { in: ["queued", "running"] }, OR: [{ leaseOwner: null }, { leaseOwner: owner }, { leaseUntil: { lt: now } }] },
    data: { leaseOwner: owner, leaseUntil: new Date(now.getTime() + LEASE_MS), status: "running" },
  });
  return count === 1;
}

/** Renews the lease; false when the run was paused, cancelled or taken over. */
async function holding(runId: string, owner: string): Promise<boolean> {
  const { count } = await prisma.importRun.updateMany({
    where: { id: runId, leaseOwner: owner, status: "running" },
    data: { leaseUntil: new Date(Date.now() + LEASE_MS) },
  });
  return count === 1;
}

async function release(runId: string, owner: string) {
  await prisma.importRun.updateMany({ where: { id: runId, leaseOwner: owner }, data: { leaseOwner: null, leaseUntil: null } });
}

interface Run {
  id: string;
  shopId: string;
  shop: string;
  vendors: string[];
  resources: Resource[];
  since: Date | null;
  startedAt: Date;
}

/**
 * One step of the source side: returns whether anything moved. `keepStaging` is asked between
 * staged chunks; a resource's staging is one long step.
 */
async function sourceStep(run: Run, progress: Progress, access: () => Promise<AdminAccess>, keepStaging: () => Promise<boolean>): Promise<boolean> {
  let moved = false;
  for (const resource of run.resources) {
    const r = progress.resources[resource]!;
    if (r.phase === "waiting") {
      const a = await access();
      if (resource === "orders" && !a.scope.split(",").includes("read_all_orders")) {
        await saveProgress(run.id, (p) => (p.ordersReach = "the last 60 days of orders (the shop has not granted read_all_orders)"));
      }
      const id = await startBulk(a, resource, run.since ?? undefined);
      await saveProgress(run.id, (p) => Object.assign(p.resources[resource]!, { phase: "bulk", bulkId: id, polledAt: Date.now() }));
      moved = true;
    } else if (r.phase === "bulk" && r.bulkId) {
      const heard = await finishReceived(run.shopId, r.bulkId);
      if (!heard && Date.now() - (r.polledAt ?? 0) < BULK_POLL_MS) continue;
      const state = await bulkState(await access(), r.bulkId);
      await saveProgress(run.id, (p) => (p.resources[resource]!.polledAt = Date.now()));
      if (state.status === "COMPLETED") {
        await saveProgress(run.id, (p) => (p.resources[resource]!.phase = "staging"));
        moved = true;
      } else if (["FAILED", "CANCELED", "EXPIRED"].includes(state.status)) {
        const attempts = (r.bulkAttempts ?? 0) + 1;
        if (attempts >= BULK_ATTEMPTS) throw new ImportSourceError(`the ${resource} bulk operation ended ${state.status} (${state.errorCode ?? "no error code"}) ${attempts} times`);
        logger.warn({ run: run.id, resource, status: state.status, errorCode: state.errorCode }, "bulk operation failed; starting it again");
        const id = await startBulk(await access(), resource, run.since ?? undefined);
        await saveProgress(run.id, (p) => Object.assign(p.resources[resource]!, { bulkId: id, bulkAttempts: attempts, polledAt: Date.now() }));
        moved = true;
      }
    }
  }
  // Staging and publishing go one resource at a time, in import order.
  const next = run.resources.find((res) => ["staging", "publishing"].includes(progress.resources[res]!.phase));
  if (!next) return moved;
  const r = progress.resources[next]!;
  if (r.phase === "staging") {
    const stream = r.bulkId ? await openResult(await access(), r.bulkId) : null;
    if (r.bulkId && stream && !(await stageStream(run.id, next, stream, keepStaging))) return true;
    await saveProgress(run.id, (p) => (p.resources[next]!.phase = "publishing"));
    return true;
  }
  if (!(await publishPage(run.id, run.shopId, next, r.published))) {
    await saveProgress(run.id, (p) => (p.resources[next]!.phase = "done"));
  }
  return true;
}

/** Feeds each vendor its next chunk, resource after resource; returns whether anything moved. */
async function vendorStep(run: Run, progress: Progress): Promise<{ moved: boolean; finished: boolean }> {
  const connections = await prisma.vendorConnection.findMany({ where: { shopId: run.shopId, vendor: { in: run.vendors } } });
  let moved = false;
  let finished = true;
  for (const conn of connections) {
    for (const resource of run.resources) {
      const v = progress.vendors[conn.vendor]?.[resource];
      if (!v || v.notSent) continue;
      const r = progress.resources[resource]!;
      const n = await enqueueChunk(run.id, run.startedAt, conn, resource, v.cursor);
      if (n > 0) {
        moved = true;
        finished = false;
        break;
      }
      const caughtUp = r.phase === "done" && v.cursor >= r.published;
      if (!caughtUp) {
        finished = false;
        break;
      }
      // Metrilo drops an order naming a product it has not received: finish each resource first.
      if (waitsForEachResource(conn.vendor) && (await outstanding(conn.id, run.startedAt, [IMPORT_TOPIC[resource]])) > 0) {
        finished = false;
        break;
      }
    }
  }
  if (finished) {
    for (const conn of connections) if ((await outstanding(conn.id, run.startedAt)) > 0) finished = false;
  }
  return { moved, finished };
}

/** Works on the run until it is done, paused, cancelled, failed or its lease is lost. */
export async function advanceRun(runId: string, owner: string, stopping: () => boolean = () => false): Promise<void> {
  const row = await prisma.importRun.findUniqueOrThrow({ where: { id: runId }, include: { shop: true } });
  const run: Run = {
    id: row.id, shopId: row.shopId, shop: row.shop.domain, vendors: row.vendors.split(","),
    resources: row.resources.split(",") as Resource[], since: row.since, startedAt: row.startedAt,
  };
  let access: AdminAccess | undefined;
  const getAccess = async () => (access ??= await adminAccess(run.shop));
  const keepGoing = async () => !stopping() && (await holding(run.id, owner));
  const current = async () => readProgress((await prisma.importRun.findUniqueOrThrow({ where: { id: run.id }, select: { progress: true } })).progress);
  const log = logger.child({ import: run.id, shop: run.shop });
  let fedAt = 0;
  // Staging a resource takes a while (100 000 orders: a minute); the vendors are fed meanwhile, or
  // each drains its window and waits — Ometria, the slowest, lost 8 s of a 130 s import to one staging.
  const keepStaging = async () => {
    await turn();
    if (Date.now() - fedAt >= POLL_MS) {
      await vendorStep(run, await current());
      fedAt = Date.now();
    }
    return keepGoing();
  };
  try {
    while (await keepGoing()) {
      // SQLite answers without waiting on I/O: a loop of its awaits never lets timers or sockets
      // run. Without this turn, the vendors' calls and paces stood still while orders were
      // staged and published (Ometria waited 8 s for a 1 s pace).
      await turn();
      const progress = await current();
      const sourced = await sourceStep(run, progress, getAccess, keepStaging);
      // While pages are being published (a step every few milliseconds), the vendors are looked
      // at once per poll: counting each one's outstanding rows after every page was a tenth of
      // the worker's queries, and a chunk is 500 rows — there is room for one every few hundred ms.
      const feedNow = !sourced || Date.now() - fedAt >= POLL_MS;
      const fed = feedNow ? await vendorStep(run, progress) : { moved: false, finished: false };
      if (feedNow) fedAt = Date.now();
      const allPublished = run.resources.every((r) => progress.resources[r]!.phase === "done");
      if (allPublished && fed.finished) {
        await prisma.importRun.update({ where: { id: run.id }, data: { status: "done", finishedAt: new Date() } });
        await prisma.importLine.deleteMany({ where: { runId: run.id } });
        log.info("import finished");
        return;
      }
      if (!sourced && !fed.moved) await sleep(POLL_MS);
    }
  } catch (err) {
    log.error({ err }, "import failed");
    await prisma.importRun.update({ where: { id: run.id }, data: { status: "failed", statusReason: (err as Error).message, finishedAt: new Date() } });
  } finally {
    await release(run.id, owner).catch(() => undefined);
  }
}
