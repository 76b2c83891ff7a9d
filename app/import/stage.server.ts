// Stages a bulk JSONL stream in the database line by line, in bounded chunks, each committed with
// its checkpoint (the number of lines staged): a restart skips what is already staged. Children are
// joined to parents later (assemble.server.ts), by `__parentId`, wherever they were in the file.
import type { Readable } from "node:stream";
import prisma from "../db.server";
import { insertRows } from "../db/sql.server";
import { inTransaction } from "../db/run.server";
import { readProgress } from "./progress";
import { saveProgress } from "./progress.server";
import type { Resource } from "./resources";
import { envCount } from "../env";

const CHUNK = envCount("CONDUIT_IMPORT_STAGE_CHUNK", 1000);

const LINE_COLUMNS = ["runId", "resource", "seq", "gid", "parentId", "body"];

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
    await inTransaction(30_000, async (q) => {
      await insertRows(q, "ImportLine", LINE_COLUMNS, lines.map((l) => [l.runId, l.resource, l.seq, l.gid, l.parentId, l.body]));
      await saveProgress(runId, (p) => {
        const r = p.resources[resource]!;
        r.lines = lines[lines.length - 1].seq + 1;
        r.records += records;
      }, q);
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
