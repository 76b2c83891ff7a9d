// Writes a migration for both providers: the SQL that takes a database built from the existing
// migrations to the current schema. `prisma migrate dev` needs a native engine, so this uses
// `migrate diff` with a snapshot of the schema the last migration was made from.
// Usage: npm run db:migration -- <name>
import { execFileSync } from "node:child_process";
import { existsSync, mkdirSync, writeFileSync, copyFileSync } from "node:fs";

const name = process.argv[2];
if (!name || !/^[a-z0-9_]+$/.test(name)) {
  console.error("usage: npm run db:migration -- <name>   (name: lower-case letters, digits, _)");
  process.exit(2);
}
execFileSync("node", ["scripts/derive-postgres-schema.mjs"], { stdio: "inherit" });
const stamp = new Date().toISOString().replace(/\D/g, "").slice(0, 14);
for (const [dir, schema, env] of [
  ["prisma/migrations", "prisma/schema.prisma", {}],
  ["prisma/postgres/migrations", "prisma/postgres/schema.prisma", { DATABASE_URL: "" }],
]) {
  const snapshot = `${dir}/schema.snapshot.prisma`;
  const from = existsSync(snapshot) ? ["--from-schema-datamodel", snapshot] : ["--from-empty"];
  const sql = execFileSync(
    "npx",
    ["prisma", "migrate", "diff", ...from, "--to-schema-datamodel", schema, "--script"],
    { env: { ...process.env, ...env }, encoding: "utf8", stdio: ["ignore", "pipe", "ignore"] },
  ).replace(/^Loaded Prisma config.*\n/m, "");
  mkdirSync(`${dir}/${stamp}_${name}`, { recursive: true });
  writeFileSync(`${dir}/${stamp}_${name}/migration.sql`, sql);
  copyFileSync(schema, snapshot);
  console.log(`wrote ${dir}/${stamp}_${name}/migration.sql`);
}
