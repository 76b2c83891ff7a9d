// bench/results.md, written by the bench itself: `npm run bench` replaces its section, `npm run
// bench -- import` its own, each keeping the other's. Each section says when, at which commit and
// on what machine it was taken; the README quotes the highlights by hand.
import { execFileSync } from "node:child_process";
import { existsSync, readFileSync, writeFileSync } from "node:fs";
import { cpus, totalmem } from "node:os";
import { format } from "node:util";

const FILE = new URL("./results.md", import.meta.url);
const TITLE = "# npm run bench — latest figures";
const HEADINGS = { default: "## `npm run bench`", import: "## `npm run bench -- import`" } as const;
type Part = keyof typeof HEADINGS;

/** From now on, console.log also goes to the returned list. */
export function captureLog(): string[] {
  const lines: string[] = [];
  const log = console.log.bind(console);
  console.log = (...args: unknown[]) => {
    lines.push(format(...args));
    log(...args);
  };
  return lines;
}

function commit(): string {
  try {
    const sha = execFileSync("git", ["rev-parse", "--short", "HEAD"], { encoding: "utf8" }).trim();
    // This file is the bench's own output: an earlier run's section is not an uncommitted change.
    const dirty = execFileSync("git", ["status", "--porcelain", "--untracked-files=no", "--", ".", ":!bench/results.md"], { encoding: "utf8" }).trim();
    return dirty ? `${sha} with uncommitted changes` : sha;
  } catch {
    return "unknown (not a git checkout)";
  }
}

function section(markdown: string, part: Part): string | undefined {
  const at = markdown.indexOf(HEADINGS[part]);
  if (at < 0) return undefined;
  const others = Object.values(HEADINGS).map((h) => markdown.indexOf(h, at + 1)).filter((i) => i > at);
  return markdown.slice(at, others.length ? Math.min(...others) : undefined).trimEnd();
}

/** Writes `lines` as `part`'s section of bench/results.md. */
export function recordResults(part: Part, lines: string[]): void {
  const before = existsSync(FILE) ? readFileSync(FILE, "utf8") : "";
  const databases = [/^postgres/.test(process.env.DATABASE_URL ?? "") ? "PostgreSQL (DATABASE_URL)" : "", process.env.REDIS_URL ? "Redis (REDIS_URL)" : ""].filter(Boolean);
  const taken =
    `Taken ${new Date().toISOString().slice(0, 16).replace("T", " ")} UTC at commit ${commit()}, on ${cpus().length} cores, ` +
    `${Math.round(totalmem() / 2 ** 30)} GiB, Node ${process.versions.node}; SQLite${databases.length ? ` and ${databases.join(", ")}` : " only"}.`;
  const mine = `${HEADINGS[part]}\n\n${taken}\n\n\`\`\`\n${lines.join("\n").trim()}\n\`\`\``;
  const sections = (["default", "import"] as Part[]).map((p) => (p === part ? mine : section(before, p))).filter(Boolean);
  writeFileSync(FILE, `${TITLE}\n\nEach figure stands beside a ceiling measured in the same run, or beside an issue's goal where the row says so.\n\n${sections.join("\n\n")}\n`);
}
