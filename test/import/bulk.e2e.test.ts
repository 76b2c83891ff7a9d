// The historical import end to end: the real server and worker, the Admin API stand-in running
// real bulk operations over a small generated store, and the four strict vendor simulators.
import { spawnSync } from "node:child_process";
import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createShopifyAdminSimulator } from "../../simulators/shopify-admin";
import { bulkLines, SMALL_STORE } from "../../simulators/shopify-admin/generate";
import { childEnv, TEST_API_SECRET } from "../support/conduit";
import type { VendorId } from "../../app/vendors/types";
import { startRig, type Rig } from "../support/rig";
import { acceptedKeys, tally } from "../support/vendor-log";
import { seedOfflineSession } from "../support/seed";
import { waitFor } from "../support/wait";
import { TEST_SHOP } from "../support/webhooks";

const VENDORS = ["metrilo", "ometria", "tracktor", "tracify"] as const;

describe("historical import", () => {
  let rig: Rig;
  const admin = createShopifyAdminSimulator({ accessToken: "shpat_test_token" });
  const conduit = (...args: string[]) => {
    const r = spawnSync("node", ["bin/conduit.js", "import", ...args], { env: childEnv(rig.env), encoding: "utf8" });
    return { code: r.status, out: (r.stdout + r.stderr).trim() };
  };
  const finished = (id: string) =>
    waitFor(`import ${id} to finish`, async () => {
      const run = await rig.db.importRun.findUniqueOrThrow({ where: { id } });
      if (run.status === "failed") throw new Error(`import failed: ${run.statusReason}`);
      return run.status === "done" && run;
    }, 90_000);
  const runId = (out: string) => /^import (\w+) started/m.exec(out)?.[1] ?? "";

  beforeAll(async () => {
    // Polling far apart: the run can only finish in time by hearing bulk_operations/finish.
    rig = await startRig("sqlite", { CONDUIT_IMPORT_POLL_MS: "200", CONDUIT_IMPORT_BULK_POLL_MS: "60000", CONDUIT_IMPORT_LEASE_MS: "3000" }, { admin });
    admin.bulk.setStore(SMALL_STORE);
    admin.bulk.configure({ webhook: { url: `${rig.conduit.url}/webhooks/bulk_operations/finish`, secret: TEST_API_SECRET, shop: TEST_SHOP } });
    for (const v of VENDORS) await rig.connect(v);
    await seedOfflineSession(rig.db);
  }, 60_000);
  afterAll(async () => {
    await rig?.close();
    admin.bulk.close();
  });

  it("brings every past record to every vendor, Metrilo's in its order, and accounts for each", async () => {
    const start = conduit("--shop", TEST_SHOP, "--detach");
    expect(start.code, start.out).toBe(0);
    await finished(runId(start.out));

    const kinds = (vendor: VendorId) => {
      const keys = new Set(acceptedKeys(vendor, rig.sims.servers[vendor].requests));
      return Object.fromEntries([...tally([...keys].map((k) => k.split(":")[0]))]);
    };
    // 40 customers, and the 6 guests of guest orders, whom Metrilo must know before their order.
    expect(kinds("metrilo")).toEqual({ customer: 46, category: 4, product: 12, order: 60 });
    // Metrilo's order: the store's customers, then categories, then products, then orders (the
    // guests of guest orders go just before their orders, as the orders' dependencies).
    const calls = rig.sims.servers.metrilo.requests.map((r) => ({ path: r.path.replace(/^\/v2/, ""), body: r.body }));
    const at = (path: string, test = (_: string) => true) => calls.flatMap((c, i) => (c.path === path && test(c.body) ? [i] : []));
    const storeCustomers = at("/customer/batch", (body) => /"customer\d+@example\.com"/.test(body));
    expect(Math.max(...storeCustomers)).toBeLessThan(Math.min(...at("/category/batch")));
    expect(Math.max(...at("/category/batch"))).toBeLessThan(Math.min(...at("/product/batch")));
    expect(Math.max(...at("/product/batch"))).toBeLessThan(Math.min(...at("/order/batch")));

    expect(kinds("ometria")).toMatchObject({ contact: 40, order: 60 });
    expect(kinds("tracktor")).toMatchObject({ person: 40 });
    // Past orders carry no user agent, which Tracify requires: none is sent, and the page says why.
    expect(kinds("tracify")).toEqual({});

    const status = conduit("--status", "--shop", TEST_SHOP);
    expect(status.out).toMatch(/metrilo\s+orders\s+60\/60\s+delivered 60/);
    expect(status.out).toMatch(/ometria\s+customers\s+40\/40/);
    expect(status.out).toMatch(/tracify\s+orders\s+not sent: Tracify attributes a purchase/);
  }, 120_000);

  it("refuses a second start for the same shop and vendor, and can be cancelled", async () => {
    admin.bulk.configure({ runningMs: 60_000 });
    const first = conduit("--shop", TEST_SHOP, "--vendor", "metrilo", "--detach");
    expect(first.code, first.out).toBe(0);
    const again = conduit("--shop", TEST_SHOP, "--vendor", "metrilo,ometria", "--detach");
    expect(again.code).toBe(2);
    expect(again.out).toMatch(/^conduit import: an import to metrilo for conduit-test\.myshopify\.com is already (queued|running) \(run \w+/);
    expect(conduit("--cancel", runId(first.out))).toMatchObject({ code: 0, out: `import ${runId(first.out)}: cancelled` });
    expect(conduit("--shop", TEST_SHOP, "--resource", "refunds")).toMatchObject({ code: 2, out: expect.stringMatching(/--resource: unknown resource "refunds"/) });
    admin.bulk.configure({ runningMs: 50 });
  }, 60_000);

  it("says where to allow bulk queries when Shopify denies the app them", async () => {
    admin.bulk.configure({ queriesAllowed: false });
    try {
      const start = conduit("--shop", TEST_SHOP, "--vendor", "tracktor", "--resource", "customers", "--detach");
      expect(start.code, start.out).toBe(0);
      const id = runId(start.out);
      await waitFor(`import ${id} to fail`, async () => (await rig.db.importRun.findUniqueOrThrow({ where: { id } })).status === "failed", 30_000);
      const status = conduit("--status", "--shop", TEST_SHOP).out;
      expect(status).toMatch(/failed \(Shopify denied the bulk query\. .*Partner Dashboard → Apps → this app → API access requests → Run bulk operations → Allow bulk queries/);
      expect(status).toMatch(/Access denied for bulkOperationRunQuery/);
    } finally {
      admin.bulk.configure({ queriesAllowed: true });
    }
  }, 60_000);

  it("imports bulk-export files with --from-file, naming the record it cannot read", async () => {
    const dir = mkdtempSync(join(tmpdir(), "conduit-from-file-"));
    const orders = [...bulkLines(SMALL_STORE, "orders")];
    // Order 3 with a name Shopify would never write.
    orders[3] = orders[3].replace('"name":"#1003"', '"name":3');
    writeFileSync(join(dir, "orders.jsonl"), `${orders.join("\n")}\n`);
    writeFileSync(join(dir, "customers.jsonl"), `${[...bulkLines(SMALL_STORE, "customers")].join("\n")}\n`);
    const r = conduit("--shop", TEST_SHOP, "--vendor", "tracktor", "--from-file", dir);
    rmSync(dir, { recursive: true, force: true });
    expect(r.code, r.out).toBe(0);
    // Not a terminal: plain lines, ending with the finished run.
    expect(r.out).toMatch(/^import \w+ started for conduit-test\.myshopify\.com: tracktor — customers, orders$/m);
    expect(r.out).toMatch(/import \w+ {2}conduit-test\.myshopify\.com {2}done/);
    expect(r.out).toMatch(/tracktor +orders +59\/59/);
    expect(r.out).toMatch(/refused all orders gid:\/\/shopify\/Order\/\d+: not a valid orders record: name: Expected string, received number/);
    expect(conduit("--shop", TEST_SHOP, "--from-file", "/nonexistent")).toMatchObject({ code: 2, out: "conduit import: --from-file: no directory /nonexistent" });
  }, 120_000);
});
