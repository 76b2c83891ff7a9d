// Prisma runs here with no engine download: the Wasm schema engine drives a JS driver adapter.
// The provider follows DATABASE_URL, so one command works for SQLite and PostgreSQL alike.
import "dotenv/config";
import { defineConfig } from "prisma/config";
import { databaseTarget, makeAdapterFactory } from "./app/db/target";

const target = databaseTarget(process.env.DATABASE_URL);

export default defineConfig({
  experimental: { adapter: true },
  engine: "js",
  schema: target.schemaPath,
  migrations: { path: target.schemaPath.replace(/schema\.prisma$/, "migrations") },
  adapter: async () => makeAdapterFactory(target),
});
