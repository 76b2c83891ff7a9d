// The two schemas and the two migration folders stay in step with prisma/schema.prisma:
// a database built from the migrations has exactly the tables, columns and indexes that a
// database built straight from the schema has, on SQLite and (when available) PostgreSQL.
import { execFileSync } from "node:child_process";
import { readFileSync } from "node:fs";
import { describe, expect, it } from "vitest";
import { derivePostgresSchema } from "../scripts/derive-postgres-schema.mjs";
import { createTestDatabase, providers, type Provider, type TestDatabase } from "./support/database";

const schemaFile: Record<Provider, string> = { sqlite: "prisma/schema.prisma", postgresql: "prisma/postgres/schema.prisma" };

function scriptFromSchema(provider: Provider): string {
  return execFileSync("npx", ["prisma", "migrate", "diff", "--from-empty", "--to-schema-datamodel", schemaFile[provider], "--script"], {
    encoding: "utf8",
    env: { ...process.env, DATABASE_URL: "" },
    stdio: ["ignore", "pipe", "ignore"],
  }).replace(/^Loaded Prisma config.*\n/m, "");
}

async function describeCatalog(t: TestDatabase): Promise<string[]> {
  if (t.provider === "sqlite") {
    const rows = await t.db.$queryRawUnsafe<{ sql: string | null }[]>(
      "SELECT sql FROM sqlite_master WHERE name NOT LIKE 'sqlite_%' AND name <> '_prisma_migrations' ORDER BY name",
    );
    // SQLite keeps each table's CREATE text as written, and ALTER TABLE … ADD COLUMN splices into
    // it with its own spacing: compare the text with spacing around punctuation taken out.
    return rows.map((r) => (r.sql ?? "").replace(/\s+/g, " ").replace(/ ?([(),]) ?/g, "$1"));
  }
  const cols = await t.db.$queryRawUnsafe<{ d: string }[]>(
    `SELECT table_name || '.' || column_name || ' ' || data_type || ' ' || is_nullable || ' ' || coalesce(column_default, '') AS d
     FROM information_schema.columns WHERE table_schema = 'public' AND table_name <> '_prisma_migrations' ORDER BY 1`,
  );
  const idx = await t.db.$queryRawUnsafe<{ d: string }[]>(
    `SELECT indexdef AS d FROM pg_indexes WHERE schemaname = 'public' AND tablename <> '_prisma_migrations' ORDER BY 1`,
  );
  return [...cols, ...idx].map((r) => r.d);
}

describe("schema", () => {
  it("the PostgreSQL schema is derived from the SQLite one", () => {
    expect(readFileSync("prisma/postgres/schema.prisma", "utf8")).toBe(derivePostgresSchema(readFileSync("prisma/schema.prisma", "utf8")));
  });

  it("no model changed without a migration (npm run db:migration -- <name>)", () => {
    expect(readFileSync("prisma/migrations/schema.snapshot.prisma", "utf8")).toBe(readFileSync("prisma/schema.prisma", "utf8"));
    expect(readFileSync("prisma/postgres/migrations/schema.snapshot.prisma", "utf8")).toBe(readFileSync("prisma/postgres/schema.prisma", "utf8"));
  });

  it.skipIf(!providers().includes("postgresql"))("PostgreSQL compresses webhook payloads with lz4 (cheaper to store than pglz)", async () => {
    const t = await createTestDatabase("postgresql");
    try {
      const [row] = await t.db.$queryRawUnsafe<{ c: string }[]>(
        `SELECT attcompression::text AS c FROM pg_attribute WHERE attrelid = '"WebhookEvent"'::regclass AND attname = 'payload'`,
      );
      expect(row.c).toBe("l");
    } finally {
      await t.drop();
    }
  });

  it.each(providers())("migrations build exactly the schema on %s", async (provider) => {
    const fromMigrations = await createTestDatabase(provider);
    const fromSchema = await createTestDatabase(provider, { sql: [scriptFromSchema(provider)] });
    try {
      expect(await describeCatalog(fromMigrations)).toEqual(await describeCatalog(fromSchema));
      expect((await describeCatalog(fromMigrations)).length).toBeGreaterThan(8);
    } finally {
      await fromMigrations.drop();
      await fromSchema.drop();
    }
  });
});
