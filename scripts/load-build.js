// Loads the one server build that the web server, the worker and the CLI all run.
import { existsSync } from "node:fs";
import { dirname, join } from "node:path";
import { fileURLToPath, pathToFileURL } from "node:url";

export const root = join(dirname(fileURLToPath(import.meta.url)), "..");

export async function loadBuild() {
  const file = join(root, "build/server/index.js");
  if (!existsSync(file)) {
    console.error("conduit: no build found — run `npm run setup` (or `npm run build`) first");
    process.exit(1);
  }
  try {
    return await import(pathToFileURL(file).href);
  } catch (err) {
    // Configuration errors (e.g. missing SHOPIFY_API_KEY) surface here: say them plainly.
    console.error(`conduit: cannot start: ${err.message}`);
    process.exit(1);
  }
}
