import { mkdtempSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { createClient } from "@libsql/client";
import { describe, expect, it } from "vitest";
import { countInFileAlone } from "../../test/support/sqlite-file";
import { waitFor } from "../../test/support/wait";
import { startCheckpoints } from "./checkpoints";

const tempDb = () => path.join(mkdtempSync(path.join(tmpdir(), "conduit-checkpoint-")), "db.sqlite");

const rowsInFileAlone = (file: string) => countInFileAlone(file, "t");
const until = (what: string, check: () => Promise<boolean>) => waitFor(what, check, 5_000);

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
      await until("the 50 rows in the file", async () => (await rowsInFileAlone(file)) === 50);
      // And keeps doing so for what comes later.
      await db.execute({ sql: "INSERT INTO t VALUES (?)", args: ["later"] });
      await until("the later row in the file", async () => (await rowsInFileAlone(file)) === 51);
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
