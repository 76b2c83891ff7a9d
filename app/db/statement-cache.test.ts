import Database from "libsql";
import { createClient } from "@libsql/client";
import { describe, expect, it } from "vitest";
import { cachePreparedStatements } from "./statement-cache";

describe("prepared statements on the embedded SQLite driver", () => {
  cachePreparedStatements();

  it("prepares each SQL text once per connection and re-binds it on every run", async () => {
    const db = new Database(":memory:");
    expect(db.prepare("SELECT 1")).toBe(db.prepare("SELECT 1"));
    expect(new Database(":memory:").prepare("SELECT 1")).not.toBe(db.prepare("SELECT 1"));

    const client = createClient({ url: ":memory:" });
    await client.execute("CREATE TABLE t (k TEXT, v INTEGER)");
    for (let i = 0; i < 3; i++) await client.execute({ sql: "INSERT INTO t (k, v) VALUES (?, ?)", args: [`k${i}`, i] });
    const read = (k: string) => client.execute({ sql: "SELECT v FROM t WHERE k = ?", args: [k] });
    expect((await read("k2")).rows.map((r) => r.v)).toEqual([2]);
    expect((await read("k0")).rows.map((r) => r.v)).toEqual([0]);
    // A statement that returns nothing, reused, still reports what it changed.
    expect((await client.execute({ sql: "UPDATE t SET v = v + 1 WHERE v >= ?", args: [1] })).rowsAffected).toBe(2);
    expect((await client.execute({ sql: "UPDATE t SET v = v + 1 WHERE v >= ?", args: [3] })).rowsAffected).toBe(1);
    // Statements that do return rows, reused, still return them: RETURNING, PRAGMA.
    const bumped = await client.execute({ sql: "UPDATE t SET v = v + 1 WHERE k = ? RETURNING v", args: ["k0"] });
    expect(bumped.rows.map((r) => r.v)).toEqual([1]);
    expect((await client.execute({ sql: "UPDATE t SET v = v + 1 WHERE k = ? RETURNING v", args: ["k0"] })).rows.map((r) => r.v)).toEqual([2]);
    expect((await client.execute("PRAGMA user_version")).rows.length).toBe(1);
  });
});
