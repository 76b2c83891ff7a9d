// The full soak of issue 9 §7: `npx tsx bench/soak.ts` (after npm run build) sends 20 000 webhooks
// (SOAK_WEBHOOKS to change it) through the embedded default under `ulimit -n 1024`, the worker
// delivering to the Metrilo simulator, and prints open descriptors and RSS as it goes.
// DATABASE_URL=postgres://… soaks PostgreSQL instead. The test suite runs the same drill, smaller.
import { providers } from "../test/support/database";
import { startRig } from "../test/support/rig";
import { flatness, restartUnderUlimit, soak } from "../test/support/soak";

const total = Number(process.env.SOAK_WEBHOOKS ?? 20_000);
const provider = providers().includes("postgresql") ? "postgresql" : "sqlite";
const rig = await startRig(provider, { LOG_LEVEL: "warn" });
let code = 1;
try {
  await rig.connect("metrilo", "soak.myshopify.com");
  await restartUnderUlimit(rig, 1024);
  const started = Date.now();
  const r = await soak(rig, "soak.myshopify.com", total);
  console.log("webhooks  open fds  RSS MB");
  for (const [n, fds, mb] of r.samples) console.log(`${String(n).padStart(8)}  ${String(fds).padStart(8)}  ${mb.toFixed(0).padStart(6)}`);
  const { warm, end, fdsFlat, rssFlat } = flatness(r.samples);
  const flat = fdsFlat && rssFlat;
  console.log(
    `${provider}: ${r.answered200}/${total} answered 200, ${r.delivered} delivered, ${r.skipped} skipped with a reason, ${r.unaccounted} unaccounted, /healthz ${r.healthz}, ` +
      `${((Date.now() - started) / 1000).toFixed(0)} s; fds ${warm[1]} → ${end[1]}, RSS ${warm[2].toFixed(0)} → ${end[2].toFixed(0)} MB: ${flat ? "flat" : "GROWING"}`,
  );
  code = flat && r.answered200 === total && r.delivered + r.skipped === total && r.unaccounted === 0 && r.healthz === 200 ? 0 : 1;
} finally {
  await rig.close();
}
process.exit(code);
