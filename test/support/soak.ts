// The soak drill (issue 9 §7): many webhooks through the real server under `ulimit -n 1024`, the
// worker delivering, the server's open file descriptors and RSS sampled from /proc throughout.
// Shared by test/intake-soak.test.ts (a CI-sized count) and bench/soak.ts (the full 20 000).
import { spawn } from "node:child_process";
import { readdirSync, readFileSync } from "node:fs";
import { childEnv, freePort, type Conduit } from "./conduit";
import { waitDrained } from "./drained";
import { customer, order, product } from "./entities";
import { stopper } from "./processes";
import type { Rig } from "./rig";
import { sendWebhook } from "./webhooks";

export const openFds = (pid: number) => readdirSync(`/proc/${pid}/fd`).length;
export const rssMb = (pid: number) => Number(/VmRSS:\s+(\d+)/.exec(readFileSync(`/proc/${pid}/status`, "utf8"))?.[1] ?? 0) / 1024;

/** Replaces the rig's server with one started under `ulimit -n <nofile>`, as the usual soft limit. */
export async function restartUnderUlimit(rig: Rig, nofile = 1024): Promise<Conduit> {
  await rig.stopServer();
  const port = await freePort();
  const env = { ...rig.env, PORT: String(port), HOST: "127.0.0.1" };
  const child = spawn("sh", ["-c", `ulimit -n ${nofile} && exec "${process.execPath}" server.js`], { env: childEnv(env), stdio: ["ignore", "pipe", "pipe"] });
  let out = "";
  child.stdout!.on("data", (d) => (out += d));
  child.stderr!.on("data", (d) => (out += d));
  const deadline = Date.now() + 30_000;
  while (!out.includes("conduit listening")) {
    if (child.exitCode !== null || Date.now() > deadline) throw new Error(`server did not start:\n${out}`);
    await new Promise((r) => setTimeout(r, 50));
  }
  const stop = stopper(child);
  rig.conduit = { url: `http://127.0.0.1:${port}`, pid: child.pid!, env, output: () => out, stop };
  rig.stopServer = (signal = "SIGTERM") => stop(signal);
  return rig.conduit;
}

export interface SoakResult {
  sent: number;
  answered200: number;
  /** [webhooks sent so far, open fds, RSS MB] every `every` webhooks. */
  samples: [number, number, number][];
  delivered: number;
  /** Skipped with a reason (e.g. an order's delivery already carried this product's state). */
  skipped: number;
  /** Neither delivered nor skipped: pending, retrying, dead, rejected… */
  unaccounted: number;
  healthz: number;
  /** Rows not delivered, by status and reason: what the accounting explains. */
  explained: Record<string, number>;
}

/** Sends `total` customer/product/order webhooks for `shop` with `senders` in parallel, then waits for the drain. */
export async function soak(rig: Rig, shop: string, total: number, senders = 16): Promise<SoakResult> {
  const pid = rig.conduit.pid;
  const every = Math.max(50, Math.floor(total / 40));
  const samples: SoakResult["samples"] = [];
  let next = 0;
  let ok = 0;
  const lane = async () => {
    for (let i = next++; i < total; i = next++) {
      const n = Math.floor(i / 3);
      const hook = [customer(n), product(n), order(n)][i % 3];
      const res = await sendWebhook(rig.conduit.url, hook.topic, hook.payload, { shop });
      if (res.status === 200) ok++;
      else throw new Error(`webhook ${i} answered ${res.status}: ${await res.text()}`);
      if (i % every === 0) samples.push([i, openFds(pid), rssMb(pid)]);
    }
  };
  await Promise.all(Array.from({ length: senders }, lane));
  await waitDrained(rig.db, 300_000);
  samples.push([total, openFds(pid), rssMb(pid)]);
  const healthz = (await fetch(`${rig.conduit.url}/healthz`)).status;
  return {
    sent: total,
    answered200: ok,
    samples,
    delivered: await rig.db.delivery.count({ where: { status: "delivered" } }),
    skipped: await rig.db.delivery.count({ where: { status: "skipped", lastError: { not: null } } }),
    unaccounted: await rig.db.delivery.count({ where: { NOT: [{ status: "delivered" }, { status: "skipped", lastError: { not: null } }] } }),
    healthz,
    explained: Object.fromEntries(
      (await rig.db.delivery.groupBy({ by: ["status", "kind", "lastError"], where: { status: { not: "delivered" } }, _count: { _all: true } })).map((g) => [
        `${g.status} ${g.kind}: ${g.lastError ?? ""}`,
        g._count._all,
      ]),
    ),
  };
}

/**
 * Flat: after the first third (pools, caches and V8's heap grown to their working size) the
 * server's descriptors move by a handful at most — the old leak was two per webhook — and its
 * memory ends within half again of where it was then.
 */
export function flatness(samples: SoakResult["samples"]) {
  const warmAt = Math.floor(samples.length / 3);
  const warm = samples[warmAt];
  const end = samples[samples.length - 1];
  const maxFds = Math.max(...samples.slice(warmAt).map(([, fds]) => fds));
  return { warm, end, maxFds, fdsFlat: maxFds <= warm[1] + 12, rssFlat: end[2] < warm[2] * 1.5 };
}
