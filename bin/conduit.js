#!/usr/bin/env node
// `npx conduit …` — runs the CLI from the same server build as the app and the worker.
import { loadBuild, root } from "../scripts/load-build.js";

process.chdir(root);
await import("dotenv/config");
const build = await loadBuild();
const { runtime } = build.entry.module;
await runtime.boot("cli");
process.exit(await runtime.runCli(process.argv.slice(2)));
