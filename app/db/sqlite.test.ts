import { spawn } from "node:child_process";
import { mkdtempSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { createClient } from "@libsql/client";
import { describe, expect, it } from "vitest";
import { tuneConnections } from "./sqlite";

// Another process holds SQLite's write lock for a while, as a second worker or the CLI would.
function holdWriteLock(file: string, ms: number): Promise<() => Promise<void>> {
  const script = `
    const { createClient } = await import("@libsql/client");
    const c = createClient({ url: "file:${file}" });
    await c.execute("BEGIN IMMEDIATE");
    console.log("locked");
    Atomics.wait(new Int32Array(new SharedArrayBuffer(4)), 0, 0, ${ms});
    await c.execute("COMMIT");`;
  const child = spawn(process.execPath, ["--input-type=module", "-e", script], { cwd: process.cwd(), stdio: ["ignore", "pipe", "inherit"] });
  return new Promise((resolve) => child.stdout.once("data", () => resolve(() => new Promise((r) => child.once("exit", () => r())))));
}

describe("SQLite connections", () => {
  it("keep waiting for another process's write lock after a transaction reopened the connection", async () => {
    const file = path.join(mkdtempSync(path.join(tmpdir(), "conduit-sqlite-")), "db.sqlite");
    const plain = createClient({ url: `file:${file}` });
    const tuned = tuneConnections(createClient({ url: `file:${file}` }), ["PRAGMA busy_timeout = 5000"]);
    await tuned.execute("CREATE TABLE t (x INTEGER)");
    for (const client of [plain, tuned]) {
      const tx = await client.transaction("write");
      await tx.execute("INSERT INTO t VALUES (1)");
      await tx.commit();
    }
    const released = await holdWriteLock(file, 400);
    await expect(plain.execute("INSERT INTO t VALUES (2)")).rejects.toThrow(/locked|busy/i);
    await expect(tuned.execute("INSERT INTO t VALUES (3)")).resolves.toBeTruthy();
    await released();
    expect((await tuned.execute("SELECT x FROM t ORDER BY x")).rows.map((r) => r.x)).toEqual([1, 1, 3]);
  });
});
