// Stages a bulk JSONL stream in the database line by line, in bounded chunks, each committed with
// its checkpoint (the number of lines staged): a restart skips what is already staged. Children are
// joined to parents later (assemble.server.ts), by `__parentId`, wherever they were in the file.
import type { Readable } from "node:stream";
import prisma from "../db.server";
import { readProgress, type Progress } from "./progress";
import type { Resource } from "./resources";

const CHUNK = Number(process.env.CONDUIT_IMPORT_STAGE_CHUNK ?? 1000);

interface Staged {
  runId: string;
  resource: Resource;
  seq: number;
  gid: string | null;
  parentId: string | null;
  body: string;
}

function stagedLine(runId: string, resource: Resource, seq: number, line: string): Staged {
  let parsed: Record<string, unknown> | null = null;
  try {
    const value: unknown = JSON.parse(line);
    if (value && typeof value === "object" && !Array.isArray(value)) parsed = value as Record<string, unknown>;
  } catch {
    // Kept as a top-level line: publishing reports it as unreadable, naming the line.
  }
  return {
    runId, resource, seq,
    gid: typeof parsed?.id === "string" ? parsed.id : null,
    parentId: typeof parsed?.__parentId === "string" ? parsed.__parentId : null,
    body: line,
  };
}

/** Saves `progress` changes made by `change` to the run, inside `tx` when given. */
export async function saveProgress(runId: string, change: (p: Progress) => void, tx: Pick<typeof prisma, "importRun"> = prisma) {
  const run = await tx.importRun.findUniqueOrThrow({ where: { id: runId }, select: { progress: true } });
  const progress = readProgress(run.progress);
  change(progress);
  await tx.importRun.update({ where: { id: runId }, data: { progress: JSON.stringify(progress) } });
  return progress;
}

/**
 * Reads `input` to its end, staging every line after the checkpoint. `keepGoing` is asked between
 * chunks (pause, cancel, a lost lease stop it); returns whether the whole stream was staged.
 */
export async function stageStream(runId: string, resource: Resource, input: Readable, keepGoing: () => Promise<boolean>): Promise<boolean> {
  const start = readProgress((await prisma.importRun.findUniqueOrThrow({ where: { id: runId } })).progress).resources[resource]?.lines ?? 0;
  let seq = 0;
  let chunk: Staged[] = [];
  const flush = async () => {
    if (chunk.length === 0) return;
    const lines = chunk;
    chunk = [];
    const records = lines.filter((l) => l.parentId === null).length;
    await prisma.$transaction(async (tx) => {
      await tx.importLine.createMany({ data: lines });
      await saveProgress(runId, (p) => {
        const r = p.resources[resource]!;
        r.lines = lines[lines.length - 1].seq + 1;
        r.records += records;
      }, tx);
    });
  };
  // The stream's own iterator, not readline's: it reads the next piece only once this one is
  // staged, so a download faster than the database never piles up in memory.
  let carry = "";
  const take = async (line: string) => {
    const at = seq++;
    if (at < start || line.trim() === "") return true;
    chunk.push(stagedLine(runId, resource, at, line.replace(/\r$/, "")));
    if (chunk.length < CHUNK) return true;
    await flush();
    return keepGoing();
  };
  try {
    input.setEncoding("utf8");
    for await (const piece of input as AsyncIterable<string>) {
      const lines = (carry + piece).split("\n");
      carry = lines.pop() ?? "";
      for (const line of lines) if (!(await take(line))) return false;
    }
    if (carry && !(await take(carry))) return false;
    await flush();
    return true;
  } finally {
    input.destroy();
  }
}
