// Worker processes (node worker.js) and the ops CLI (node bin/conduit.js), run as an operator would.
import { spawnSync, type ChildProcess } from "node:child_process";
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

export function runCli(env: Record<string, string>, ...args: string[]): { code: number | null; out: string } {
  const r = spawnSync(process.execPath, ["bin/conduit.js", ...args], { env: { PATH: process.env.PATH ?? "", ...env } as unknown as NodeJS.ProcessEnv, encoding: "utf8" });
  return { code: r.status, out: `${r.stdout}${r.stderr}`.trim() };
}
