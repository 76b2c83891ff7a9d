// Lint: TypeScript's recommended rules, plus the few that catch real mistakes in this codebase.
import tseslint from "typescript-eslint";

export default tseslint.config(
  { ignores: ["build/", "build-*/", "node_modules/", "data/", "test-results/", "extensions/**/dist/"] },
  ...tseslint.configs.recommended,
  {
    rules: {
      "@typescript-eslint/no-unused-vars": ["error", { argsIgnorePattern: "^_", varsIgnorePattern: "^_", destructuredArrayIgnorePattern: "^_" }],
      "no-console": ["error", { allow: ["warn", "error", "info"] }],
      eqeqeq: ["error", "smart"],
    },
  },
  {
    // Entry points, scripts and the CLI talk to a terminal.
    files: ["*.js", "bin/**", "scripts/**", "bench/**", "app/cli/**", "test/**"],
    rules: { "no-console": "off" },
  },
);
