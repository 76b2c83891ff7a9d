// `npm run demo` is the README's main job: keep it finishing by itself, and agreeing with the vendors.
import { execFile } from "node:child_process";
import { promisify } from "node:util";
import { describe, expect, it } from "vitest";

// Not execFileSync: a test process blocked for the demo's length cannot answer vitest's own calls,
// which time out under load ("Timeout calling onTaskUpdate") and fail the run.
const run = promisify(execFile);

describe("npm run demo", () => {
  it("runs the whole flow and reports every vendor in agreement", async () => {
    const { stdout: out } = await run("npx", ["tsx", "scripts/demo.ts"], { encoding: "utf8", timeout: 120_000 });
    expect(out).toContain("401  products/update    forged product update (bad HMAC)");
    for (const vendor of ["metrilo", "ometria", "tracktor", "tracify"]) expect(out).toMatch(new RegExp(`^${vendor}: \\d+ delivered`, "m"));
    expect(out).not.toContain("✗");
    expect(out).toContain("Every vendor holds what Conduit says it delivered.");
    // The storefront snippet of a product page, and what it calls once the visitor consents.
    expect(out).toMatch(/^ {2}metrilo\.viewProduct\("\d+"\)$/m);
    expect(out).toContain("https://tracktor.s3.amazonaws.com/scripts/sim-tracktor-token.js");
  });
});
