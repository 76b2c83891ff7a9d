// An import as every process sees it, from the database: per vendor and resource done / total,
// rate and ETA, the records refused and why. The admin page and `conduit import --status` read this.
import prisma from "../db.server";
import { paced } from "../db/paced";
import { Status } from "../delivery/states";
import { readProgress } from "./progress";
import { IMPORT_TOPICS, KIND, type Resource } from "./resources";
import { VENDOR_NOTES } from "./vendors";

export interface Counts {
  total: number;
  done: number;
  delivered: number;
  skipped: number;
  rejected: number;
  /** Records per second since the run started, and seconds left at that rate. */
  rate: number;
  etaSeconds: number | null;
  notSent?: string;
}

export interface RunView {
  id: string;
  shop: string;
  status: string;
  statusReason: string | null;
  source: string;
  since: string | null;
  startedAt: string;
  finishedAt: string | null;
  ordersReach?: string;
  resources: { resource: Resource; phase: string; records: number; unreadable: number }[];
  vendors: { vendor: string; note: string; resources: (Counts & { resource: Resource })[] }[];
  refused: { vendor: string; resource: string; id: string; reason: string }[];
}

const SETTLED = [Status.delivered, Status.skipped, Status.rejected, Status.dead];

type RunRows = [{ vendor: string; kind: string; status: string; _count: { _all: number } }[], { vendor: string; kind: string; entityId: string; lastError: string | null }[]];
const countedRows = paced<RunRows>();

export async function runView(runId: string): Promise<RunView | null> {
  const run = await prisma.importRun.findUnique({ where: { id: runId }, include: { shop: true } });
  if (!run) return null;
  const progress = readProgress(run.progress);
  const resources = run.resources.split(",") as Resource[];
  const vendors = run.vendors.split(",");
  const where = { shopId: run.shopId, vendor: { in: vendors }, topic: { in: IMPORT_TOPICS }, createdAt: { gte: run.startedAt } };
  const rows = () =>
    Promise.all([
      prisma.delivery.groupBy({ by: ["vendor", "kind", "status"], where, _count: { _all: true } }),
      prisma.delivery.findMany({
        where: { ...where, status: { in: [Status.rejected, Status.dead] } },
        orderBy: { updatedAt: "desc" },
        take: 20,
        select: { vendor: true, kind: true, entityId: true, lastError: true },
      }),
    ]);
  // Every row of the run is counted: 560–730 ms for 300 000 on SQLite, asked for every 1.5 s by
  // the Import page while the run goes on (app/db/paced.ts says how often it is counted instead).
  // A finished run's page stops refreshing, so what it shows last is counted afresh.
  const [groups, refusedRows] = await (run.finishedAt ? rows() : countedRows(run.id, rows));
  const count = (vendor: string, resource: Resource, statuses: string[]) =>
    groups.filter((g) => g.vendor === vendor && g.kind === KIND[resource] && statuses.includes(g.status)).reduce((n, g) => n + g._count._all, 0);
  const elapsed = Math.max(1, ((run.finishedAt ?? new Date()).getTime() - run.startedAt.getTime()) / 1000);
  const unreadable = resources.flatMap((r) => (progress.resources[r]?.errors ?? []).map((e) => ({ vendor: "all", resource: r, id: e.id, reason: e.reason })));
  return {
    id: run.id,
    shop: run.shop.domain,
    status: run.status,
    statusReason: run.statusReason,
    source: run.source,
    since: run.since?.toISOString() ?? null,
    startedAt: run.startedAt.toISOString(),
    finishedAt: run.finishedAt?.toISOString() ?? null,
    ordersReach: progress.ordersReach,
    resources: resources.map((r) => {
      const p = progress.resources[r];
      return { resource: r, phase: p?.phase ?? "waiting", records: p?.records ?? 0, unreadable: p?.unreadable ?? 0 };
    }),
    vendors: vendors.map((vendor) => ({
      vendor,
      note: VENDOR_NOTES[vendor] ?? "",
      resources: resources.map((resource) => {
        const p = progress.resources[resource];
        const v = progress.vendors[vendor]?.[resource];
        const readable = Math.max(0, (p?.records ?? 0) - (p?.unreadable ?? 0));
        const delivered = count(vendor, resource, [Status.delivered]);
        const skipped = count(vendor, resource, [Status.skipped]);
        const rejected = count(vendor, resource, [Status.rejected, Status.dead]);
        const done = count(vendor, resource, SETTLED);
        const rate = done / elapsed;
        const total = v?.notSent ? 0 : readable;
        const left = Math.max(0, total - done);
        return {
          resource, total, done, delivered, skipped, rejected, rate,
          // Until Shopify's side is read, the total is not known yet: no ETA rather than "done".
          etaSeconds: left === 0 && p?.phase === "done" ? 0 : left > 0 && rate > 0 ? Math.round(left / rate) : null,
          notSent: v?.notSent,
        };
      }),
    })),
    refused: [
      ...unreadable,
      ...refusedRows.map((d) => ({ vendor: d.vendor, resource: d.kind, id: d.entityId, reason: d.lastError ?? "refused" })),
    ],
  };
}

/** The shop's imports, newest first. */
export async function listRuns(shop?: string, take = 20) {
  return prisma.importRun.findMany({
    where: shop ? { shop: { domain: shop } } : {},
    orderBy: { startedAt: "desc" },
    take,
    include: { shop: { select: { domain: true } } },
  });
}
