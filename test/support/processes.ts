// Worker processes (node worker.js) and the ops CLI (node bin/conduit.js), run as an operator would.
import { execFile, spawnSync, type ChildProcess } from "node:child_process";
import { npmScriptNodeArgs, startProcess } from "./conduit";

export interface Proc {
  child: ChildProcess;
  output(): string;
  /** Sends the signal and resolves with the exit code (null when killed by the signal). */
  stop(signal?: NodeJS.Signals): Promise<number | null>;
}

export function stopper(child: ChildProcess) {
  return (signal: NodeJS.Signals = "SIGTERM") =>
    new Promise<number | null>((resolve) => {
      if (child.exitCode !== null || child.signalCode !== null) return resolve(child.exitCode);
      child.once("exit", (code) => resolve(code));
      child.kill(signal);
    });
}

export async function startWorker(env: Record<string, string>): Promise<Proc> {
  const { child, output } = await startProcess("worker.js", env, (out) => out.includes("conduit worker running"), npmScriptNodeArgs("worker", "worker.js"));
  return { child, output, stop: stopper(child) };
}

const cliEnv = (env: Record<string, string>) => ({ PATH: process.env.PATH ?? "", ...env }) as unknown as NodeJS.ProcessEnv;

export function runCli(env: Record<string, string>, ...args: string[]): { code: number | null; out: string } {
  const r = spawnSync(process.execPath, ["bin/conduit.js", ...args], { env: cliEnv(env), encoding: "utf8" });
  return { code: r.status, out: `${r.stdout}${r.stderr}`.trim() };
}

/**
 * runCli without blocking this process: where it hosts simulators that must keep answering (the
 * bench's Ometria saw two seconds of pushes at once after a blocking run, and answered 429).
 */
export function runCliAsync(env: Record<string, string>, ...args: string[]): Promise<{ code: number | null; out: string }> {
  return new Promise((resolve) => {
    execFile(process.execPath, ["bin/conduit.js", ...args], { env: cliEnv(env), encoding: "utf8" }, (err, stdout, stderr) =>
      resolve({ code: err ? (typeof err.code === "number" ? err.code : 1) : 0, out: `${stdout}${stderr}`.trim() }));
  });
}
