import { defineConfig } from "vitest/config";

// Tests sit beside the code they test (app/**, extensions/**) plus the end-to-end suites in test/.
export default defineConfig({
  test: {
    include: ["app/**/*.test.ts", "extensions/**/*.test.ts", "simulators/**/*.test.ts", "scripts/**/*.test.ts", "test/**/*.test.ts"],
    globalSetup: ["test/global-setup.ts"],
    testTimeout: 60_000,
    hookTimeout: 120_000,
    pool: "forks",
  },
});
