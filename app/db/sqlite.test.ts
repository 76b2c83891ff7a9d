import { spawn } from "node:child_process";
import { mkdtempSync, readdirSync, readlinkSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { createClient } from "@libsql/client";
import { describe, expect, it } from "vitest";
import { oneConnection } from "./sqlite";

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

/** This process's open descriptors on the database file and its -wal/-shm companions. */
const openFiles = (file: string) =>
  readdirSync("/proc/self/fd").filter((fd) => {
    try {
      return readlinkSync(`/proc/self/fd/${fd}`).startsWith(file);
    } catch {
      return false; // closed while we looked
    }
  }).length;

const tempDb = () => path.join(mkdtempSync(path.join(tmpdir(), "conduit-sqlite-")), "db.sqlite");

describe("SQLite connection", () => {
  it("keeps waiting for another process's write lock after many transactions", async () => {
    const file = tempDb();
    const plain = createClient({ url: `file:${file}` });
    const tuned = oneConnection(() => createClient({ url: `file:${file}` }), ["PRAGMA busy_timeout = 5000"]);
    await tuned.execute("CREATE TABLE t (x INTEGER)");
    for (let i = 0; i < 3; i++) {
      const tx = await tuned.transaction("write");
      await tx.execute("INSERT INTO t VALUES (1)");
      await tx.commit();
    }
    const released = await holdWriteLock(file, 400);
    await expect(plain.execute("INSERT INTO t VALUES (2)")).rejects.toThrow(/locked|busy/i);
    // A transaction waits at BEGIN for the other process, then commits.
    const tx = await tuned.transaction("deferred");
    await tx.execute("INSERT INTO t VALUES (3)");
    await tx.commit();
    await released();
    expect((await tuned.execute("SELECT x FROM t ORDER BY x")).rows.map((r) => r.x)).toEqual([1, 1, 1, 3]);
  });

  it("holds the same files open however many transactions ran (libsql alone leaks two per transaction)", async () => {
    const file = tempDb();
    const tuned = oneConnection(() => createClient({ url: `file:${file}` }), ["PRAGMA journal_mode = WAL"]);
    await tuned.execute("CREATE TABLE t (x INTEGER)");
    const run = async () => {
      const tx = await tuned.transaction("deferred");
      await tx.execute("INSERT INTO t VALUES (1)");
      await tx.commit();
    };
    await run();
    const before = openFiles(file);
    for (let i = 0; i < 200; i++) await run();
    expect(before).toBeGreaterThan(0);
    expect(openFiles(file)).toBe(before);
  });

  it("rolls a failed transaction back and carries on on the same connection", async () => {
    const tuned = oneConnection(() => createClient({ url: `file:${tempDb()}` }), []);
    await tuned.execute("CREATE TABLE t (x INTEGER UNIQUE)");
    const tx = await tuned.transaction("deferred");
    await tx.execute("INSERT INTO t VALUES (1)");
    await expect(tx.execute("INSERT INTO t VALUES (1)")).rejects.toThrow(/UNIQUE/);
    await tx.rollback();
    expect(tx.closed).toBe(true);
    const again = await tuned.transaction("deferred");
    await again.execute("INSERT INTO t VALUES (2)");
    await again.commit();
    expect((await tuned.execute("SELECT x FROM t")).rows.map((r) => r.x)).toEqual([2]);
  });

  it("commits again once another process's lock outlasted busy_timeout (libsql leaves the busy statement open)", async () => {
    const file = tempDb();
    const tuned = oneConnection(() => createClient({ url: `file:${file}` }), ["PRAGMA busy_timeout = 100"]);
    await tuned.execute("CREATE TABLE t (x INTEGER)");
    const released = await holdWriteLock(file, 500);
    await expect(tuned.transaction("deferred")).rejects.toThrow(/busy|locked/i);
    await released();
    const tx = await tuned.transaction("deferred");
    await tx.execute("INSERT INTO t VALUES (1)");
    await tx.commit();
    expect((await tuned.execute("SELECT count(*) AS n FROM t")).rows[0].n).toBe(1);
  });
});
