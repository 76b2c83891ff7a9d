// Reads and writes ImportRun.progress in plain SQL, so that a checkpoint commits in the same
// transaction as the rows it counts (stage, publish, enqueue run on app/db/sql.server.ts).
import { param, sqlDate } from "../db/sql.server";
import { inTransaction, type Query } from "../db/run.server";
import { readProgress, type Progress } from "./progress";

/** Applies `change` to the run's progress inside `q`'s transaction, or a transaction of its own. */
export async function saveProgress(runId: string, change: (p: Progress) => void, q?: Query): Promise<Progress> {
  if (!q) return inTransaction(30_000, (own) => saveProgress(runId, change, own));
  const [row] = await q(`SELECT "progress" FROM "ImportRun" WHERE "id" = ${param(1)}`, [runId]);
  if (!row) throw new Error(`import run ${runId} is gone`);
  const progress = readProgress(String(row.progress));
  change(progress);
  await q(`UPDATE "ImportRun" SET "progress" = ${param(1)}, "updatedAt" = ${param(2)} WHERE "id" = ${param(3)}`, [JSON.stringify(progress), sqlDate(new Date()), runId]);
  return progress;
}
