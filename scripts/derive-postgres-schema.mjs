// Prisma fixes the provider per schema file, so the PostgreSQL schema is derived from the
// SQLite one: same models, different provider and client output. Run with --check in tests.
import { readFileSync, writeFileSync, mkdirSync } from "node:fs";

export function derivePostgresSchema(source) {
  return source
    .replace('provider = "sqlite"', 'provider = "postgresql"')
    .replace('url      = "file:./unused.sqlite"', 'url      = "postgresql://unused/unused"')
    .replace('output     = "../node_modules/.conduit/prisma-sqlite"', 'output     = "../../node_modules/.conduit/prisma-postgres"')
    .replace("// The one source schema.", "// GENERATED from prisma/schema.prisma by `npm run db:derive`: do not edit.\n// The one source schema.");
}

if (process.argv[1] && import.meta.url.endsWith(process.argv[1].split("/").pop())) {
  const derived = derivePostgresSchema(readFileSync("prisma/schema.prisma", "utf8"));
  const target = "prisma/postgres/schema.prisma";
  if (process.argv.includes("--check")) {
    const current = readFileSync(target, "utf8");
    if (current !== derived) {
      console.error(`${target} is out of date: run npm run db:derive`);
      process.exit(1);
    }
  } else {
    mkdirSync("prisma/postgres", { recursive: true });
    writeFileSync(target, derived);
    console.log(`wrote ${target}`);
  }
}
