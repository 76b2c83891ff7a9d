// `npx conduit …`: the ops CLI. Same database and .env as the app; settings validated by the
// vendor's own schema. Errors are one line naming the field, and a non-zero exit code.
import { parseArgs } from "node:util";
import { SettingsError } from "../connections/settings.server";
import { commands } from "./commands.server";
import { UsageError } from "./errors";
import { importCommand, IMPORT_USAGE } from "./import.server";

export const USAGE = `usage: conduit <command> [options]

  connect     --shop S --vendor V key=value… [environment=live|staging]
              [--env key=VAR]… [--stdin]   secrets from the environment or stdin, not argv
  disconnect  --shop S --vendor V
  status      [--shop S]
  deliveries  [--shop S] [--vendor V] [--status S[,S…]] [--limit N]
  replay      (--id ID… | --shop S | --vendor V | --since ISO [--until ISO]) [--resend]
  rotate-key                         re-seal every secret with CONDUIT_ENCRYPTION_KEY
                                     (old keys from CONDUIT_ENCRYPTION_KEYS_OLD)
${IMPORT_USAGE}

vendors: metrilo, ometria, tracktor, tracify`;

export async function runCli(argv: string[], out: (line: string) => void = console.log): Promise<number> {
  const [name, ...rest] = argv;
  if (name === "import") return importCommand(rest, out);
  const command = name ? commands[name] : undefined;
  if (!command) {
    out(name && name !== "help" && name !== "--help" ? `conduit: unknown command "${name}"\n\n${USAGE}` : USAGE);
    return name && name !== "help" && name !== "--help" ? 2 : 0;
  }
  try {
    const { values, positionals } = parseArgs({
      args: rest,
      allowPositionals: true,
      options: {
        shop: { type: "string" }, vendor: { type: "string" }, status: { type: "string" }, limit: { type: "string" },
        id: { type: "string", multiple: true }, since: { type: "string" }, until: { type: "string" },
        resend: { type: "boolean" }, "new-key": { type: "string" },
        env: { type: "string", multiple: true }, stdin: { type: "boolean" },
      },
    });
    await command({ values, positionals, out });
    return 0;
  } catch (err) {
    if (err instanceof SettingsError || err instanceof UsageError) {
      out(`conduit ${name}: ${err.message}`);
      return 2;
    }
    if ((err as { code?: string }).code?.startsWith("ERR_PARSE_ARGS")) {
      out(`conduit ${name}: ${(err as Error).message}`);
      return 2;
    }
    out(`conduit ${name}: failed: ${(err as Error).message}`);
    return 1;
  }
}
