// A worker whose database is unreachable (issue 9 §6: it logged ~76 lines per 10 s, ≈ 1 GB a
// day): a real `node worker.js` backs off exponentially up to CONDUIT_OUTAGE_MAX_MS, one log line
// per wait, and keeps running. Both databases are made unreachable without any server: a SQLite
// file in a directory that does not exist, a PostgreSQL port nothing listens on.
import { describe, expect, it } from "vitest";
import { freePort, testEnv } from "../support/conduit";
import { jsonLines } from "../support/logs";
import { startWorker } from "../support/processes";

const unreachable = {
  sqlite: async () => "file:/nonexistent-conduit-dir/conduit.sqlite",
  postgresql: async () => `postgres://postgres@127.0.0.1:${await freePort()}/conduit`,
};
const WATCH_MS = 8_000;

describe.each(Object.keys(unreachable) as (keyof typeof unreachable)[])("a worker with its %s database down", (provider) => {
  it("backs off, doubling its wait up to the cap, one line per wait", async () => {
    const env = testEnv(await unreachable[provider](), { CONDUIT_POLL_MS: "500", CONDUIT_OUTAGE_MAX_MS: "2000", LOG_LEVEL: "info" });
    const worker = await startWorker(env);
    await new Promise((r) => setTimeout(r, WATCH_MS));
    const running = worker.child.exitCode === null;
    await worker.stop("SIGTERM");

    const lines = jsonLines(worker.output());
    const failures = lines.filter((l) => l.msg === "worker pass failed; backing off");
    // Waits of 0.5, 1, 2, 2, 2 s fit about six failures in 8 s; every poll (and lane) used to log.
    expect(failures.length).toBeGreaterThanOrEqual(3);
    expect(lines.filter((l) => (l.level as number) >= 40).length).toBeLessThanOrEqual(8);
    const waits = failures.map((l) => l.retryInMs);
    expect(waits.slice(0, 3)).toEqual([500, 1_000, 2_000]);
    expect(waits.every((w) => (w as number) <= 2_000)).toBe(true);
    expect(running).toBe(true);
  }, 30_000);
});
