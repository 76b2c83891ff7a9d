// `npm run setup`: everything a fresh clone needs, offline but for the npm registry:
// install, a development .env with a fresh encryption key, Prisma clients, migrations, build.
import { execSync } from "node:child_process";
import { randomBytes } from "node:crypto";
import { copyFileSync, existsSync, readFileSync, writeFileSync } from "node:fs";

const run = (cmd, env = {}) => execSync(cmd, { stdio: "inherit", env: { ...process.env, ...env } });
const step = (msg) => console.log(`\n▸ ${msg}`);

if (!existsSync("node_modules/.package-lock.json") || process.argv.includes("--install")) {
  step("installing dependencies");
  // `npm install` honours the lock file; `npm ci` here rejects it for lacking other platforms' optional
  // binaries (rollup, msgpackr), which npm does not record when installing on this platform.
  run("npm install --no-audit --no-fund");
}

if (!existsSync(".env")) {
  copyFileSync(".env.example", ".env");
  console.log("created .env from .env.example");
}
const env = readFileSync(".env", "utf8");
if (/^CONDUIT_ENCRYPTION_KEY=\s*$/m.test(env)) {
  writeFileSync(".env", env.replace(/^CONDUIT_ENCRYPTION_KEY=\s*$/m, `CONDUIT_ENCRYPTION_KEY=${randomBytes(32).toString("base64")}`));
  console.log("created a development CONDUIT_ENCRYPTION_KEY in .env (keep it: it decrypts stored vendor secrets)");
}

step("generating Prisma clients (SQLite and PostgreSQL)");
run("node scripts/derive-postgres-schema.mjs --check");
run("npx prisma generate --no-hints --schema prisma/schema.prisma", { DATABASE_URL: "" });
run("npx prisma generate --no-hints --schema prisma/postgres/schema.prisma", { DATABASE_URL: "" });

step("applying migrations");
run("node scripts/migrate.mjs");

step("building the app");
run("npx remix vite:build");
console.log("\nConduit is set up. Next: npm run demo   (or npm run dev / npm start)");
