// Which database Conduit talks to, decided once from DATABASE_URL:
// unset or `file:` → SQLite through libsql (the embedded default), `postgres(ql)://` → PostgreSQL.
import { mkdirSync } from "node:fs";
import path from "node:path";
import { PrismaPg } from "@prisma/adapter-pg";
import { TunedPrismaLibSQL } from "./sqlite";
import { envCount } from "../env";

export type DatabaseTarget =
  | { provider: "sqlite"; url: string; file: string; schemaPath: string }
  | { provider: "postgresql"; url: string; schemaPath: string };

export const DEFAULT_SQLITE_URL = "file:./data/conduit.sqlite";

export function databaseTarget(raw: string | undefined, cwd = process.cwd()): DatabaseTarget {
  const url = raw && raw.trim() !== "" ? raw.trim() : DEFAULT_SQLITE_URL;
  if (url.startsWith("postgres://") || url.startsWith("postgresql://")) {
    return { provider: "postgresql", url, schemaPath: "prisma/postgres/schema.prisma" };
  }
  if (url.startsWith("file:")) {
    const file = path.resolve(cwd, url.slice("file:".length));
    return { provider: "sqlite", url: `file:${file}`, file, schemaPath: "prisma/schema.prisma" };
  }
  throw new Error(
    `DATABASE_URL must start with file: (SQLite) or postgres:// (PostgreSQL); got "${url.split(":")[0]}:…"`,
  );
}

export function makeAdapterFactory(target: DatabaseTarget) {
  if (target.provider === "postgresql") {
    return new PrismaPg({ connectionString: target.url, max: envCount("DATABASE_POOL_SIZE", 10) });
  }
  try {
    mkdirSync(path.dirname(target.file), { recursive: true });
  } catch {
    // Unwritable location: queries will fail and say so; start-up itself must not crash.
  }
  return new TunedPrismaLibSQL({ url: target.url });
}
