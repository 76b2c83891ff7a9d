// End-to-end suites run the real server build, so build it once per test run.
import { execFileSync } from "node:child_process";

export default function setup() {
  if (process.env.CONDUIT_TEST_SKIP_BUILD === "1") return;
  execFileSync("npx", ["remix", "vite:build", "--logLevel", "error"], { stdio: ["ignore", "ignore", "inherit"] });
}
