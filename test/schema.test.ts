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

const sameSet = (a: string[], b: string[]) => a.length === b.length && a.every((c) => b.includes(c));

/** Each foreign key of the database, with the column lists of its table's indexes (in index order). */
async function foreignKeys(t: TestDatabase): Promise<{ table: string; cols: string[]; indexes: string[][] }[]> {
  const fks =
    t.provider === "sqlite"
      ? await t.db.$queryRawUnsafe<{ tbl: string; k: string; col: string }[]>(
          `SELECT m.name AS tbl, f.id AS k, f."from" AS col FROM sqlite_master m, pragma_foreign_key_list(m.name) f WHERE m.type = 'table' ORDER BY m.name, f.id, f.seq`,
        )
      : await t.db.$queryRawUnsafe<{ tbl: string; k: string; col: string }[]>(
          `SELECT c.conrelid::regclass::text AS tbl, c.conname::text AS k, a.attname::text AS col FROM pg_constraint c
           CROSS JOIN LATERAL unnest(c.conkey) WITH ORDINALITY AS u(attnum, n) JOIN pg_attribute a ON a.attrelid = c.conrelid AND a.attnum = u.attnum
           WHERE c.contype = 'f' AND c.connamespace = 'public'::regnamespace ORDER BY 1, 2, u.n`,
        );
  const idx =
    t.provider === "sqlite"
      ? await t.db.$queryRawUnsafe<{ tbl: string; k: string; col: string }[]>(
          `SELECT m.name AS tbl, il.name AS k, ii.name AS col FROM sqlite_master m, pragma_index_list(m.name) il, pragma_index_info(il.name) ii WHERE m.type = 'table' ORDER BY m.name, il.name, ii.seqno`,
        )
      : await t.db.$queryRawUnsafe<{ tbl: string; k: string; col: string }[]>(
          `SELECT i.indrelid::regclass::text AS tbl, i.indexrelid::regclass::text AS k, a.attname::text AS col FROM pg_index i
           CROSS JOIN LATERAL unnest(i.indkey::int2[]) WITH ORDINALITY AS u(attnum, n) JOIN pg_attribute a ON a.attrelid = i.indrelid AND a.attnum = u.attnum
           WHERE i.indrelid::regclass::text NOT LIKE 'pg_%' ORDER BY 1, 2, u.n`,
        );
  const group = (rows: { tbl: string; k: string; col: string }[]) => {
    const by = new Map<string, { table: string; cols: string[] }>();
    for (const r of rows) {
      const key = `${r.tbl}\u0000${r.k}`;
      if (!by.has(key)) by.set(key, { table: r.tbl.replace(/"/g, ""), cols: [] });
      by.get(key)!.cols.push(r.col);
    }
    return [...by.values()];
  };
  const indexes = group(idx);
  return group(fks).map((fk) => ({ ...fk, indexes: indexes.filter((i) => i.table === fk.table).map((i) => i.cols) }));
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

  // A parent's delete (retention deletes webhook events by the hundred, an uninstall's redact a
  // shop) finds its children by the foreign key: without an index on it, a scan of the whole
  // child table per parent row. Delivery.eventId had none: pruning 1 000 events beside 20 000
  // took 17 s of statements on the server's event loop.
  it.each(providers())("every foreign key leads an index on %s", async (provider) => {
    const t = await createTestDatabase(provider);
    try {
      const unindexed = (await foreignKeys(t)).filter((fk) => !fk.indexes.some((cols) => sameSet(cols.slice(0, fk.cols.length), fk.cols)));
      expect(unindexed.map((fk) => `${fk.table}(${fk.cols.join(", ")})`)).toEqual([]);
      expect((await foreignKeys(t)).length).toBeGreaterThan(8);
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
