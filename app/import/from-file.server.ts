// `--from-file DIR`: bulk-export JSONL files (customers.jsonl, collections.jsonl, products.jsonl,
// orders.jsonl — any of them) staged exactly as a bulk operation's result would be, for agencies
// migrating data and for tests. The worker publishes and delivers them like any import.
import { createReadStream, existsSync } from "node:fs";
import { join } from "node:path";
import prisma from "../db.server";
import { saveProgress } from "./progress.server";
import { stageStream } from "./stage.server";
import { RESOURCES, type Resource } from "./resources";

/** The resources DIR has a file for, in import order; none is an error naming what was looked for. */
export function filesIn(dir: string, wanted: Resource[]): Resource[] {
  if (!existsSync(dir)) throw new Error(`--from-file: no directory ${dir}`);
  const found = RESOURCES.filter((r) => wanted.includes(r) && existsSync(join(dir, `${r}.jsonl`)));
  if (found.length === 0) throw new Error(`--from-file: ${dir} has none of ${wanted.map((r) => `${r}.jsonl`).join(", ")}`);
  return found;
}

/** Stages every file, then lets the workers take the run (it was created paused, "staging files"). */
export async function stageFiles(runId: string, dir: string, resources: Resource[]): Promise<void> {
  for (const resource of resources) {
    const done = await stageStream(runId, resource, createReadStream(join(dir, `${resource}.jsonl`)), async () => true);
    if (!done) throw new Error(`staging ${resource}.jsonl stopped`);
    await saveProgress(runId, (p) => (p.resources[resource]!.phase = "publishing"));
  }
  await prisma.importRun.update({ where: { id: runId }, data: { status: "queued", statusReason: null } });
}
