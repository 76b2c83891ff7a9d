// What a SQLite database file holds by itself: a copy without its WAL sees only what was checkpointed.
import { copyFileSync, mkdtempSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { createClient } from "@libsql/client";

/** `SELECT count(*)` of `table` in a copy of `file` alone; 0 when the table is not there yet. */
export async function countInFileAlone(file: string, table: string): Promise<number> {
  const copy = path.join(mkdtempSync(path.join(tmpdir(), "conduit-copy-")), path.basename(file));
  copyFileSync(file, copy);
  return createClient({ url: `file:${copy}` })
    .execute(`SELECT count(*) AS n FROM "${table}"`)
    .then((r) => Number(r.rows[0].n), () => 0);
}
