// Applies the migrations for the database DATABASE_URL names.
// SQLite: `prisma migrate deploy` (Wasm schema engine + libsql adapter).
// PostgreSQL: Prisma's migrate cannot read Postgres catalogs through @prisma/adapter-pg yet
// (prisma/orm#27403, "Column type 'name' could not be deserialized"), so the same migration.sql
// files are applied here, one transaction each, recorded in Prisma's own _prisma_migrations table
// so that `prisma migrate deploy` can take over unchanged once that is fixed.
import "dotenv/config";
import { execFileSync } from "node:child_process";
import { createHash, randomUUID } from "node:crypto";
import { readdirSync, readFileSync, existsSync } from "node:fs";

const url = process.env.DATABASE_URL ?? "";

export async function migratePostgres(connectionString, dir = "prisma/postgres/migrations", log = console.log) {
  const pg = (await import("pg")).default;
  const client = new pg.Client({ connectionString });
  await client.connect();
  try {
    await client.query(`CREATE TABLE IF NOT EXISTS "_prisma_migrations" (
      "id" VARCHAR(36) PRIMARY KEY NOT NULL, "checksum" VARCHAR(64) NOT NULL,
      "finished_at" TIMESTAMPTZ, "migration_name" VARCHAR(255) NOT NULL, "logs" TEXT,
      "rolled_back_at" TIMESTAMPTZ, "started_at" TIMESTAMPTZ NOT NULL DEFAULT now(),
      "applied_steps_count" INTEGER NOT NULL DEFAULT 0)`);
    const done = new Set(
      (await client.query(`SELECT migration_name FROM "_prisma_migrations" WHERE finished_at IS NOT NULL`)).rows.map(
        (r) => r.migration_name,
      ),
    );
    const names = readdirSync(dir).filter((n) => existsSync(`${dir}/${n}/migration.sql`)).sort();
    let applied = 0;
    for (const name of names) {
      if (done.has(name)) continue;
      const sql = readFileSync(`${dir}/${name}/migration.sql`, "utf8");
      await client.query("BEGIN");
      try {
        await client.query(sql);
        await client.query(
          `INSERT INTO "_prisma_migrations" (id, checksum, finished_at, migration_name, applied_steps_count)
           VALUES ($1, $2, now(), $3, 1)`,
          [randomUUID(), createHash("sha256").update(sql).digest("hex"), name],
        );
        await client.query("COMMIT");
        applied++;
      } catch (err) {
        await client.query("ROLLBACK");
        throw new Error(`migration ${name} failed: ${err.message}`);
      }
    }
    log(`PostgreSQL: ${applied} migration(s) applied, ${names.length - applied} already there.`);
  } finally {
    await client.end();
  }
}

if (process.argv[1]?.endsWith("migrate.mjs")) {
  if (url.startsWith("postgres://") || url.startsWith("postgresql://")) {
    await migratePostgres(url);
  } else {
    execFileSync("npx", ["prisma", "migrate", "deploy"], { stdio: "inherit" });
  }
}
