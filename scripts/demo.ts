// `npm run demo`: the whole flow on the embedded default (SQLite + in-process worker), locally.
// Starts the four vendor simulators and Conduit itself (node server.js), connects a demo shop to
// all four through the real CLI, plays a realistic stream of signed webhooks, waits until the
// outbox is drained and prints, per vendor, what was delivered, rejected and why.
import "dotenv/config";
import { execFileSync } from "node:child_process";
import { rmSync } from "node:fs";
import path from "node:path";
import sqliteClient from "../node_modules/.conduit/prisma-sqlite/index.js";
import { databaseTarget, makeAdapterFactory } from "../app/db/target";
import { generateKey } from "../app/crypto.server";
import { startVendorSimulators, SIM_CREDENTIALS } from "../simulators";
import { startConduit, testEnv } from "../test/support/conduit";
import { waitDrained } from "../test/support/drained";
import { sendWebhook } from "../test/support/webhooks";
import { demoStream } from "./demo/stream";
import { report } from "./demo/report";
import { storefrontDemo } from "./demo/storefront";

const SHOP = "conduit-demo.myshopify.com";
const out = (line = "") => console.log(line);

const file = path.resolve("data/demo.sqlite");
for (const f of [file, `${file}-wal`, `${file}-shm`]) rmSync(f, { force: true });
const env = testEnv(`file:${file}`, { CONDUIT_ENCRYPTION_KEY: process.env.CONDUIT_ENCRYPTION_KEY || generateKey(), LOG_LEVEL: "error" });
execFileSync("node", ["scripts/migrate.mjs"], { env: { ...process.env, ...env }, stdio: "ignore" });

const sims = await startVendorSimulators();
const conduit = await startConduit({ ...env, ...sims.env });
out(`Conduit running at ${conduit.url} on SQLite (${path.relative(process.cwd(), file)}) with the embedded worker.`);
out(`Vendor simulators: ${Object.entries(sims.env).map(([k, v]) => `${k.split("_")[0].toLowerCase()} ${v}`).join(", ")}\n`);

const cli = (...args: string[]) => execFileSync("node", ["bin/conduit.js", ...args], { env: { ...process.env, ...conduit.env }, encoding: "utf8" }).trim();
const c = SIM_CREDENTIALS;
out(`$ npx conduit connect --shop ${SHOP} --vendor … (×4)`);
out(cli("connect", "--shop", SHOP, "--vendor", "metrilo", `apiToken=${c.metrilo.apiToken}`, `apiSecret=${c.metrilo.apiSecret}`));
out(cli("connect", "--shop", SHOP, "--vendor", "ometria", `apiKey=${c.ometria.apiKey}`, `accountId=${c.ometria.accountId}`));
out(cli("connect", "--shop", SHOP, "--vendor", "tracktor", `token=${c.tracktor.token}`, `signatureSecret=${c.tracktor.signatureSecret}`));
out(cli("connect", "--shop", SHOP, "--vendor", "tracify", `apiKey=${c.tracify.apiKey}`, `customerSiteId=${c.tracify.customerSiteId}`));

out("\nShopify sends:");
for (const hook of demoStream()) {
  const res = await sendWebhook(conduit.url, hook.topic, hook.payload, { shop: SHOP, webhookId: hook.webhookId, secret: hook.forged ? "not-the-app-secret" : undefined });
  out(`  ${String(res.status).padEnd(4)} ${hook.topic.padEnd(18)} ${hook.note}`);
}

const db = new sqliteClient.PrismaClient({ adapter: makeAdapterFactory(databaseTarget(`file:${file}`)) });
await waitDrained(db as never, 60_000);
out("\nOutbox drained. Per vendor:");
const ok = await report(db as never, sims, out);
out(`\n${ok ? "Every vendor holds what Conduit says it delivered." : "MISMATCH between Conduit and the vendors (see ✗ above)."}`);

// The storefront: the settings the admin publishes for the demo shop, as its product page uses them.
Object.assign(process.env, { DATABASE_URL: `file:${file}`, CONDUIT_ENCRYPTION_KEY: env.CONDUIT_ENCRYPTION_KEY });
const { storefrontSettings } = await import("../app/admin/storefront.server");
out("");
for (const line of await storefrontDemo(await storefrontSettings(SHOP), SHOP)) out(line);
out(`\nWhere to look next:
  DATABASE_URL=file:${path.relative(process.cwd(), file)} npx conduit status              per-vendor state
  DATABASE_URL=file:${path.relative(process.cwd(), file)} npx conduit deliveries --status skipped,rejected
  npm run dev, then open the app in your dev store: Overview and Activity pages`);

await db.$disconnect();
await conduit.stop();
await sims.close();
process.exit(ok ? 0 : 1);
