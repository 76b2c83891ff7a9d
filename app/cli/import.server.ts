// `npx conduit import`: start a historical import and watch it (a live bar on a terminal, plain
// lines otherwise), `--status` to see imports, `--pause/--resume/--cancel ID` to steer one.
import { parseArgs } from "node:util";
import { cancelImport, ImportRefusedError, pauseImport, resumeImport, startImport } from "../import/control.server";
import { filesIn, stageFiles } from "../import/from-file.server";
import { parseResources } from "../import/resources";
import { listRuns, runView, type RunView } from "../import/status.server";
import { findVendor } from "../vendors";

export const IMPORT_USAGE = `  import      --shop S [--vendor V[,V…]] [--resource R[,R…]] [--since DATE] [--from-file DIR] [--detach]
              --status [--shop S] | --pause ID | --resume ID | --cancel ID`;

const FINISHED = ["done", "cancelled", "failed"];
const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

function eta(s: number | null): string {
  if (s === null) return "ETA —";
  if (s < 90) return `ETA ${s}s`;
  return s < 5400 ? `ETA ${Math.round(s / 60)}m` : `ETA ${(s / 3600).toFixed(1)}h`;
}

/** One line per vendor and resource: a bar on a terminal, counts either way. */
export function describeRun(view: RunView, bars: boolean): string[] {
  const lines = [`import ${view.id}  ${view.shop}  ${view.status}${view.statusReason ? ` (${view.statusReason})` : ""}  started ${view.startedAt}`];
  if (view.ordersReach) lines.push(`  orders: ${view.ordersReach}`);
  for (const v of view.vendors) {
    for (const r of v.resources) {
      const head = `  ${v.vendor.padEnd(8)} ${r.resource.padEnd(11)}`;
      if (r.notSent) {
        lines.push(`${head} not sent: ${r.notSent.split(". ")[0]}`);
        continue;
      }
      const share = r.total > 0 ? Math.min(1, r.done / r.total) : 0;
      const bar = bars ? `[${"#".repeat(Math.round(share * 24)).padEnd(24, ".")}] ` : "";
      lines.push(`${head} ${bar}${r.done}/${r.total}  delivered ${r.delivered}  skipped ${r.skipped}  rejected ${r.rejected}  ${r.rate.toFixed(1)}/s  ${eta(r.etaSeconds)}`);
    }
  }
  for (const f of view.refused.slice(0, 10)) lines.push(`  refused ${f.vendor} ${f.resource} ${f.id}: ${f.reason}`);
  return lines;
}

async function watch(runId: string, out: (line: string) => void): Promise<string> {
  const tty = process.stdout.isTTY === true && out === console.log;
  let shown = 0;
  let last = "";
  for (;;) {
    const view = (await runView(runId))!;
    const lines = describeRun(view, tty);
    if (tty) {
      // Redraw in place: up as many lines as last time, clear below.
      process.stdout.write(`${shown ? `\x1b[${shown}A` : ""}\x1b[J${lines.join("\n")}\n`);
      shown = lines.length;
    } else if (lines.join("\n") !== last) {
      lines.forEach((l) => out(l));
    }
    last = lines.join("\n");
    if (FINISHED.includes(view.status)) return view.status;
    await sleep(tty ? 500 : 2000);
  }
}

export async function importCommand(argv: string[], out: (line: string) => void): Promise<number> {
  try {
    return await run(argv, out);
  } catch (err) {
    const code = (err as { code?: string }).code;
    if (err instanceof ImportRefusedError || code?.startsWith("ERR_PARSE_ARGS")) {
      out(`conduit import: ${(err as Error).message}`);
      return 2;
    }
    out(`conduit import: failed: ${(err as Error).message}`);
    return 1;
  }
}

async function run(argv: string[], out: (line: string) => void): Promise<number> {
  const { values } = parseArgs({
    args: argv,
    options: {
      shop: { type: "string" }, vendor: { type: "string" }, resource: { type: "string" }, since: { type: "string" },
      "from-file": { type: "string" }, status: { type: "boolean" }, detach: { type: "boolean" },
      pause: { type: "string" }, resume: { type: "string" }, cancel: { type: "string" },
    },
  });
  if (values.status) {
    const runs = await listRuns(values.shop);
    if (runs.length === 0) out(values.shop ? `no imports for ${values.shop}` : "no imports");
    for (const run of runs) describeRun((await runView(run.id))!, false).forEach((l) => out(l));
    return 0;
  }
  const steer = values.pause ?? values.resume ?? values.cancel;
  if (steer) {
    await (values.pause ? pauseImport : values.resume ? resumeImport : cancelImport)(steer);
    out(`import ${steer}: ${values.pause ? "paused" : values.resume ? "resumed" : "cancelled"}`);
    return 0;
  }
  if (!values.shop) throw new ImportRefusedError("--shop is required");
  const vendors = values.vendor?.split(",").map((v) => v.trim());
  const unknown = vendors?.find((v) => !findVendor(v));
  if (unknown) throw new ImportRefusedError(`--vendor: unknown vendor "${unknown}" (one of metrilo, ometria, tracktor, tracify)`);
  let resources;
  try {
    resources = parseResources(values.resource);
  } catch (err) {
    throw new ImportRefusedError(`--resource: ${(err as Error).message}`);
  }
  let since: Date | undefined;
  if (values.since) {
    since = new Date(values.since);
    if (Number.isNaN(since.getTime())) throw new ImportRefusedError(`--since: not a date: "${values.since}" (use ISO 8601, e.g. 2024-01-01)`);
  }
  const dir = values["from-file"];
  if (dir) {
    try {
      resources = filesIn(dir, resources);
    } catch (err) {
      throw new ImportRefusedError((err as Error).message);
    }
  }
  const run = await startImport({ shop: values.shop, vendors, resources, since, source: dir ? "file" : "bulk" });
  out(`import ${run.id} started for ${values.shop}: ${run.vendors.replaceAll(",", ", ")} — ${run.resources.replaceAll(",", ", ")}`);
  if (dir) await stageFiles(run.id, dir, resources);
  if (values.detach) return 0;
  const status = await watch(run.id, out);
  return status === "done" ? 0 : 1;
}
