// Runs the real Conduit server (node server.js, the production entry) as a child process on a
// free port, against a test database and simulators, and talks to it over HTTP.
import { spawn, type ChildProcess } from "node:child_process";
import { readFileSync } from "node:fs";
import { createServer } from "node:net";
import { generateKey } from "../../app/crypto.server";

export const TEST_API_SECRET = "conduit-test-api-secret";
export const TEST_API_KEY = "conduit-test-api-key";

export interface Conduit {
  url: string;
  /** The server's process id: for /proc (open files, memory) and signals. */
  pid: number;
  env: Record<string, string>;
  output: () => string;
  stop(signal?: NodeJS.Signals): Promise<number | null>;
}

/** A child process's whole environment: PATH plus exactly what the test gives, nothing inherited. */
export function childEnv(env: Record<string, string | undefined>): NodeJS.ProcessEnv {
  return { PATH: process.env.PATH ?? "", ...env } as unknown as NodeJS.ProcessEnv;
}

export async function freePort(): Promise<number> {
  return new Promise((resolve) => {
    const srv = createServer().listen(0, "127.0.0.1", () => {
      const { port } = srv.address() as { port: number };
      srv.close(() => resolve(port));
    });
  });
}

/** Environment for a test process: fast retries, quiet logs, a fresh key unless given one. */
export function testEnv(databaseUrl: string, extra: Record<string, string> = {}): Record<string, string> {
  return {
    NODE_ENV: "production",
    DATABASE_URL: databaseUrl,
    SHOPIFY_API_KEY: TEST_API_KEY,
    SHOPIFY_API_SECRET: TEST_API_SECRET,
    SHOPIFY_APP_URL: "http://127.0.0.1",
    CONDUIT_ENCRYPTION_KEY: generateKey(),
    CONDUIT_POLL_MS: "100",
    CONDUIT_RETRY_BASE_MS: "200",
    CONDUIT_RETRY_MAX_MS: "1000",
    // Reconciliation asks the Admin API; suites that test it turn it on with their stand-in.
    CONDUIT_RECONCILE_MINUTES: "0",
    LOG_LEVEL: process.env.CONDUIT_TEST_LOG_LEVEL ?? "warn",
    ...extra,
  };
}

export async function startProcess(
  script: string,
  env: Record<string, string>,
  ready: (out: string) => boolean,
  nodeArgs: string[] = [],
): Promise<{ child: ChildProcess; output: () => string }> {
  const child = spawn(process.execPath, [...nodeArgs, script], { env: childEnv(env), stdio: ["ignore", "pipe", "pipe"] });
  let out = "";
  child.stdout!.on("data", (d) => (out += d));
  child.stderr!.on("data", (d) => (out += d));
  const deadline = Date.now() + 30_000;
  while (!ready(out)) {
    if (child.exitCode !== null) throw new Error(`${script} exited with ${child.exitCode}:\n${out}`);
    if (Date.now() > deadline) throw new Error(`${script} did not start:\n${out}`);
    await new Promise((r) => setTimeout(r, 50));
  }
  return { child, output: () => out };
}

/**
 * The node flags an npm script gives its script (`node --max-old-space-size=… worker.js` → the
 * flag), so tests and the bench run the worker exactly as `npm run worker` (or `npm start`) does.
 */
export function npmScriptNodeArgs(name: string, script: string): string[] {
  const scripts = (JSON.parse(readFileSync("package.json", "utf8")) as { scripts: Record<string, string> }).scripts;
  const words = (scripts[name] ?? "").split(/\s+/);
  if (words[0] !== "node" || !words.includes(script)) throw new Error(`npm script ${name} does not run node ${script}: "${scripts[name]}"`);
  return words.slice(1, words.indexOf(script));
}

/** `nodeArgs`: more flags for node itself, e.g. the bench's --cpu-prof (NODE_OPTIONS refuses it). */
export async function startConduit(env: Record<string, string>, nodeArgs: string[] = []): Promise<Conduit> {
  const port = await freePort();
  const full = { ...env, PORT: String(port), HOST: "127.0.0.1" };
  const { child, output } = await startProcess("server.js", full, (out) => out.includes("conduit listening"), [...npmScriptNodeArgs("start", "server.js"), ...nodeArgs]);
  return {
    url: `http://127.0.0.1:${port}`,
    pid: child.pid!,
    env: full,
    output,
    stop: (signal = "SIGTERM") =>
      new Promise((resolve) => {
        if (child.exitCode !== null) return resolve(child.exitCode);
        child.once("exit", (code) => resolve(code));
        child.kill(signal);
      }),
  };
}
