// Starting, pausing, resuming and cancelling an import — what the admin page and the CLI call.
import prisma from "../db.server";
import { Status } from "../delivery/states";
import { freshResource, type Progress } from "./progress";
import { IMPORT_TOPICS, RESOURCES, type Resource } from "./resources";
import { notSent } from "./vendors";

export class ImportRefusedError extends Error {}

export const ACTIVE_STATES = ["queued", "running", "paused"];

export interface StartRequest {
  shop: string;
  vendors?: string[];
  resources?: Resource[];
  since?: Date;
  source?: "bulk" | "file";
}

const STAGING_FILES = "staging files";

/**
 * Creates a run for the shop's connected vendors (or those asked). Refused while another run for
 * the same shop and vendor is not finished, so one record is never imported twice at once.
 */
export async function startImport(req: StartRequest) {
  const shop = await prisma.shop.findUnique({ where: { domain: req.shop }, include: { connections: true } });
  if (!shop) throw new ImportRefusedError(`no shop ${req.shop}: connect a vendor first`);
  const connected = shop.connections.filter((c) => c.enabled).map((c) => c.vendor);
  const vendors = req.vendors?.length ? req.vendors : connected;
  const missing = vendors.find((v) => !connected.includes(v));
  if (missing) throw new ImportRefusedError(`${req.shop} has no enabled ${missing} connection`);
  if (vendors.length === 0) throw new ImportRefusedError(`${req.shop} has no enabled vendor connection to import to`);
  const resources = req.resources?.length ? req.resources : [...RESOURCES];
  const source = req.source ?? "bulk";
  const progress: Progress = {
    resources: Object.fromEntries(resources.map((r) => [r, freshResource(source === "bulk" ? "waiting" : "staging")])),
    vendors: Object.fromEntries(vendors.map((v) => [v, Object.fromEntries(resources.map((r) => [r, { cursor: -1, enqueued: 0, notSent: notSent(v, r) }]))])),
  };
  return prisma.$transaction(async (tx) => {
    const active = await tx.importRun.findMany({ where: { shopId: shop.id, status: { in: ACTIVE_STATES } } });
    const clash = active.find((run) => run.vendors.split(",").some((v) => vendors.includes(v)));
    if (clash) {
      const both = clash.vendors.split(",").filter((v) => vendors.includes(v)).join(", ");
      throw new ImportRefusedError(`an import to ${both} for ${req.shop} is already ${clash.status} (run ${clash.id}, started ${clash.startedAt.toISOString()}): pause, resume or cancel it first`);
    }
    return tx.importRun.create({
      data: { shopId: shop.id, vendors: vendors.join(","), resources: resources.join(","), since: req.since, source, status: source === "file" ? "paused" : "queued", statusReason: source === "file" ? STAGING_FILES : null, progress: JSON.stringify(progress) },
    });
  });
}

async function move(runId: string, from: string[], to: string, reason?: string) {
  const { count } = await prisma.importRun.updateMany({
    where: { id: runId, status: { in: from } },
    data: { status: to, statusReason: reason ?? null, ...(to === "cancelled" ? { finishedAt: new Date() } : {}) },
  });
  if (count === 0) {
    const run = await prisma.importRun.findUnique({ where: { id: runId } });
    throw new ImportRefusedError(run ? `the import is ${run.status}: it cannot be ${to === "running" ? "resumed" : to}` : `no import ${runId}`);
  }
}

/** Stops handing records to the outbox; rows already handed over (at most one window) still go. */
export const pauseImport = (runId: string) => move(runId, ["queued", "running"], "paused", "paused by the merchant");
export const resumeImport = (runId: string) => move(runId, ["paused", "failed"], "running");

/** Stops the run and skips its rows not sent yet; what was delivered stays delivered. */
export async function cancelImport(runId: string) {
  await move(runId, ACTIVE_STATES, "cancelled", "cancelled by the merchant");
  const run = await prisma.importRun.findUniqueOrThrow({ where: { id: runId } });
  await prisma.delivery.updateMany({
    where: {
      shopId: run.shopId, vendor: { in: run.vendors.split(",") }, topic: { in: IMPORT_TOPICS },
      status: { in: [Status.pending, Status.retrying, Status.paused] }, createdAt: { gte: run.startedAt },
    },
    data: { status: Status.skipped, lastError: "import cancelled" },
  });
  await prisma.importLine.deleteMany({ where: { runId } });
}
