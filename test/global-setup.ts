// End-to-end suites run the real server build, so build it once per test run — into a scratch
// directory first, then swapped in, so that servers started meanwhile never see half a build.
import { execFileSync } from "node:child_process";
import { existsSync, renameSync, rmSync } from "node:fs";

export default function setup() {
  if (process.env.CONDUIT_TEST_SKIP_BUILD === "1" && existsSync("build/server/index.js")) return;
  const scratch = `build-${process.pid}`;
  execFileSync("npx", ["remix", "vite:build", "--logLevel", "error"], {
    stdio: ["ignore", "ignore", "inherit"],
    env: { ...process.env, CONDUIT_BUILD_DIR: scratch },
  });
  const old = `build-old-${process.pid}`;
  if (existsSync("build")) renameSync("build", old);
  renameSync(scratch, "build");
  rmSync(old, { recursive: true, force: true });
}
