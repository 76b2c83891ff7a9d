import { copyFileSync, mkdtempSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { createClient } from "@libsql/client";
import { describe, expect, it } from "vitest";
import { startCheckpoints } from "./checkpoints";

const tempDb = () => path.join(mkdtempSync(path.join(tmpdir(), "conduit-checkpoint-")), "db.sqlite");

/** Rows the database file holds by itself: a copy without its WAL sees only what was checkpointed. */
async function rowsInFileAlone(file: string): Promise<number> {
  const copy = path.join(mkdtempSync(path.join(tmpdir(), "conduit-copy-")), "db.sqlite");
  copyFileSync(file, copy);
  const rows = await createClient({ url: `file:${copy}` })
    .execute("SELECT count(*) AS n FROM t")
    .then((r) => Number(r.rows[0].n), () => 0); // no table yet: nothing was checkpointed
  return rows;
}

async function until(check: () => Promise<boolean>, ms: number) {
  for (const end = Date.now() + ms; Date.now() < end; await new Promise((r) => setTimeout(r, 25))) if (await check()) return true;
  return false;
}

describe("SQLite checkpoints from a thread", () => {
  const writer = async (file: string) => {
    const db = createClient({ url: `file:${file}` });
    await db.execute("PRAGMA journal_mode = WAL");
    await db.execute("PRAGMA wal_autocheckpoint = 0"); // this connection never checkpoints by itself
    await db.execute("CREATE TABLE t (x TEXT)");
    for (let i = 0; i < 50; i++) await db.execute({ sql: "INSERT INTO t VALUES (?)", args: ["x".repeat(10_000)] });
    return db;
  };

  it("copies what the writer committed into the database file, while the writer's connection stays open", async () => {
    const file = tempDb();
    const db = await writer(file);
    expect(await rowsInFileAlone(file)).toBe(0);
    const checkpoints = await startCheckpoints(file, 20);
    try {
      expect(await until(async () => (await rowsInFileAlone(file)) === 50, 5_000)).toBe(true);
      // And keeps doing so for what comes later.
      await db.execute({ sql: "INSERT INTO t VALUES (?)", args: ["later"] });
      expect(await until(async () => (await rowsInFileAlone(file)) === 51, 5_000)).toBe(true);
    } finally {
      await checkpoints.stop();
    }
  });

  it("stops: nothing is copied after stop()", async () => {
    const file = tempDb();
    const db = await writer(file);
    const checkpoints = await startCheckpoints(file, 20);
    await checkpoints.stop();
    const before = await rowsInFileAlone(file);
    await db.execute({ sql: "INSERT INTO t VALUES (?)", args: ["after stop"] });
    await new Promise((r) => setTimeout(r, 200));
    expect(await rowsInFileAlone(file)).toBe(before);
  });
});
