// SQLite's WAL checkpoints, moved off the event loop.
//
// Why: SQLite copies the WAL back into the database file inside whichever COMMIT crossed
// wal_autocheckpoint pages, fsync included — on the one thread that also answers webhooks. Measured
// (npm run bench -- intake, 1 000 webhooks/s offered, same build): p99 89 and 409 ms with SQLite's
// 1 000-page checkpoints, 45 and 38 ms with none during the run.
// So a worker thread with its own connection checkpoints PASSIVE (it neither waits for the writer
// nor blocks it) several times a second. Measured with it, in 20 s at 1 000 webhooks/s: statements
// over 8 ms 138 → 22; p99 40 and 51 ms against 66 and 56 without.
// The main connection's own autocheckpoint becomes a backstop. Under sustained load it is what
// restarts the WAL: SQLite restarts it only at a write that finds it fully checkpointed, and the
// thread's pass rarely ends between two commits; so the WAL grows to BACKSTOP_PAGES, and the
// connection's own checkpoint, with little left to copy, lets the next write start it over.
// Should the thread fail to start or die, the connection goes back to SQLite's default.
import { createRequire } from "node:module";
import { Worker } from "node:worker_threads";
import { logger } from "../logger.server";
import { setAutocheckpoint, SQLITE_DEFAULT_AUTOCHECKPOINT } from "./sqlite";
import { envNumber } from "../env";

export const CHECKPOINT_EVERY_MS = envNumber("SQLITE_CHECKPOINT_EVERY_MS", 100);
/** Pages (8 KB in a file Conduit made, 4 KB in older ones) the WAL may reach before the main connection checkpoints by itself after all. */
export const BACKSTOP_PAGES = 10_000;
/** How long stop() waits for the thread's last checkpoint, which copies whatever the WAL holds. */
const STOP_WAIT_MS = 10_000;

// Plain CommonJS in a string: the server is one Vite bundle, so a second file would not be there.
const THREAD = `
const { parentPort, workerData } = require("node:worker_threads");
const Database = require(workerData.libsql);
const db = new Database(workerData.file);
db.pragma("busy_timeout = 0");
let timer;
const checkpoint = () => {
  try {
    db.pragma("wal_checkpoint(PASSIVE)");
  } catch (err) {
    // SQLITE_BUSY: another process is checkpointing or recovering; the next tick tries again.
    if (!/BUSY|LOCKED/.test(String(err && err.code) + String(err && err.message))) throw err;
  }
};
parentPort.on("message", (m) => {
  if (m !== "stop") return;
  clearInterval(timer);
  try { checkpoint(); } finally { db.close(); parentPort.close(); }
});
checkpoint();
timer = setInterval(checkpoint, workerData.every);
parentPort.postMessage("ready");
`;

export interface Checkpoints {
  stop(): Promise<void>;
}

/** Starts checkpointing `file` from a worker thread; resolves once it runs (or has fallen back). */
export async function startCheckpoints(file: string, every = CHECKPOINT_EVERY_MS): Promise<Checkpoints> {
  const libsql = createRequire(import.meta.url).resolve("libsql");
  const thread = new Worker(THREAD, { eval: true, workerData: { file, libsql, every } });
  let stopping = false;
  const exited = new Promise<void>((resolve) => thread.once("exit", () => resolve()));
  const fallBack = async (err?: unknown) => {
    if (stopping) return;
    logger.warn({ err }, "SQLite checkpoint thread stopped; the main connection checkpoints again");
    await setAutocheckpoint(SQLITE_DEFAULT_AUTOCHECKPOINT).catch(() => undefined);
  };
  thread.once("error", (err) => void fallBack(err));
  const ready = await new Promise<boolean>((resolve) => {
    thread.once("message", () => resolve(true));
    thread.once("error", () => resolve(false));
    thread.once("exit", () => resolve(false));
  });
  if (ready) {
    thread.unref(); // it must never keep a finished process alive
    await setAutocheckpoint(BACKSTOP_PAGES);
    thread.once("exit", () => void fallBack());
  }
  return {
    async stop() {
      stopping = true;
      // Held until the thread has closed its connection: a process whose event loop empties first
      // exits and terminates the thread, and one terminated inside a call into libsql aborts the
      // whole process (a Rust panic, SIGABRT) instead of exiting 0. terminate() stays the last
      // resort for a thread that does not stop at all.
      thread.ref();
      thread.postMessage("stop");
      let timer: NodeJS.Timeout | undefined;
      await Promise.race([exited, new Promise((r) => (timer = setTimeout(r, STOP_WAIT_MS)))]);
      clearTimeout(timer);
      await thread.terminate();
    },
  };
}
