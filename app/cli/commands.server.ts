// The CLI's commands. Each prints plain lines meant for a terminal and for grep.
import prisma from "../db.server";
import { connect, vendorOrThrow, SettingsError } from "../connections/settings.server";
import { replay } from "../delivery/replay.server";
import { Status } from "../delivery/states";
import { rotateKey } from "../connections/rotate-key.server";
import { UsageError } from "./errors";
import { syncPixelForShop } from "../pixel/web-pixel.server";

interface Args {
  values: Record<string, string | string[] | boolean | undefined>;
  positionals: string[];
  out: (line: string) => void;
}

const str = (v: unknown) => (typeof v === "string" ? v : undefined);

function need(args: Args, name: string): string {
  const value = str(args.values[name]);
  if (!value) throw new UsageError(`--${name} is required`);
  return value;
}

// Shopify's own shop names: the CLI never creates rows for anything else.
const SHOP = /^[a-z0-9][a-z0-9-]*\.myshopify\.com$/;

function shopName(value: string | undefined): string | undefined {
  if (value !== undefined && !SHOP.test(value)) throw new SettingsError("shop", `must be a *.myshopify.com domain such as my-shop.myshopify.com, not "${value}"`);
  return value;
}

function needShop(args: Args): string {
  return shopName(need(args, "shop"))!;
}

async function readStdin(): Promise<string> {
  let text = "";
  for await (const chunk of process.stdin) text += chunk;
  return text;
}

/**
 * Settings from argv (`key=value`), from the environment (`--env key=VAR`) and from standard
 * input (`--stdin`: one `key=value` a line), so secrets need not sit in shell history or `ps`.
 */
async function settingsFrom(args: Args): Promise<Record<string, string>> {
  const pairs = keyValues(args.positionals);
  for (const spec of (args.values.env as string[] | undefined) ?? []) {
    const [key, name] = Object.entries(keyValues([spec]))[0];
    const value = process.env[name];
    if (value === undefined) throw new SettingsError(key, `environment variable ${name} is not set`);
    pairs[key] = value;
  }
  if (args.values.stdin === true) {
    const lines = (await readStdin()).split(/\r?\n/).filter((l) => l.trim() !== "");
    Object.assign(pairs, keyValues(lines));
  }
  return pairs;
}

function keyValues(positionals: string[]): Record<string, string> {
  const pairs: Record<string, string> = {};
  for (const p of positionals) {
    const i = p.indexOf("=");
    if (i <= 0) throw new SettingsError(p, 'expected key=value (e.g. apiToken=abc123)');
    pairs[p.slice(0, i)] = p.slice(i + 1);
  }
  return pairs;
}

function date(value: string | undefined, field: string): Date | undefined {
  if (!value) return undefined;
  const d = new Date(value);
  if (Number.isNaN(d.getTime())) throw new SettingsError(field, `not a date: "${value}" (use ISO 8601, e.g. 2026-11-20T00:00:00Z)`);
  return d;
}

const STATES: string[] = Object.values(Status);

/** `--status dead,rejected`: each a known row state, or a line saying which are. */
function statuses(value: string | undefined): string[] | undefined {
  if (!value) return undefined;
  const list = value.split(",").map((s) => s.trim());
  const unknown = list.find((s) => !STATES.includes(s));
  if (unknown !== undefined) throw new SettingsError("status", `unknown state "${unknown}" (one of ${STATES.join(", ")})`);
  return list;
}

function limit(value: string | undefined): number {
  if (value === undefined) return 50;
  const n = Number(value);
  if (!Number.isInteger(n) || n < 1) throw new SettingsError("limit", `expected a whole number from 1 up, not "${value}"`);
  return n;
}

export const commands: Record<string, (args: Args) => Promise<void>> = {
  async connect(args) {
    const shop = needShop(args);
    const vendor = vendorOrThrow(need(args, "vendor"));
    const { environment, ...values } = await settingsFrom(args);
    const conn = await connect({ shop, vendor: vendor.id, values, environment });
    args.out(`connected ${vendor.name} for ${shop} (${conn.environment}); secrets stored encrypted`);
  },

  async disconnect(args) {
    const shop = needShop(args);
    const vendor = vendorOrThrow(need(args, "vendor"));
    const { count } = await prisma.vendorConnection.deleteMany({ where: { vendor: vendor.id, shop: { domain: shop } } });
    if (count === 0) throw new UsageError(`${shop} has no ${vendor.name} connection`);
    args.out(`disconnected ${vendor.name} from ${shop}; its outbox rows were removed`);
    // The last server-side vendor gone: the shop's Web Pixel goes too.
    const pixel = await syncPixelForShop(shop);
    if (pixel) args.out(pixel);
  },

  async status(args) {
    const shop = shopName(str(args.values.shop));
    const conns = await prisma.vendorConnection.findMany({ where: shop ? { shop: { domain: shop } } : {}, include: { shop: true }, orderBy: { createdAt: "asc" } });
    if (conns.length === 0) return args.out(shop ? `${shop} has no vendor connections` : "no vendor connections yet: npx conduit connect --help");
    const counts = await prisma.delivery.groupBy({ by: ["connectionId", "status"], where: { connectionId: { in: conns.map((c) => c.id) } }, _count: { _all: true } });
    for (const c of conns) {
      const mine = counts.filter((g) => g.connectionId === c.id).map((g) => `${g.status} ${g._count._all}`);
      const state = c.enabled ? c.status : "disabled";
      args.out(`${c.shop.domain}  ${c.vendor.padEnd(8)}  ${state}${c.statusReason ? ` (${c.statusReason})` : ""}  ${mine.join(", ") || "no deliveries"}`);
    }
  },

  async deliveries(args) {
    const wanted = statuses(str(args.values.status));
    const take = limit(str(args.values.limit));
    shopName(str(args.values.shop));
    const rows = await prisma.delivery.findMany({
      where: {
        ...(wanted ? { status: { in: wanted } } : {}),
        ...(str(args.values.vendor) ? { vendor: str(args.values.vendor) } : {}),
        ...(str(args.values.shop) ? { shop: { domain: str(args.values.shop) } } : {}),
      },
      orderBy: { createdAt: "desc" },
      take,
    });
    if (rows.length === 0) return args.out("no deliveries match");
    for (const r of rows) {
      args.out(`${r.id}  ${r.createdAt.toISOString()}  ${r.vendor.padEnd(8)}  ${r.topic.padEnd(18)}  ${r.kind}:${r.entityId}  ${r.status}${r.lastError ? `  ${r.lastError}` : ""}`);
    }
  },

  async replay(args) {
    const ids = args.values.id as string[] | undefined;
    const filter = {
      ids,
      shop: shopName(str(args.values.shop)),
      vendor: str(args.values.vendor),
      since: date(str(args.values.since), "since"),
      until: date(str(args.values.until), "until"),
      resend: args.values.resend === true,
    };
    if (filter.vendor) vendorOrThrow(filter.vendor);
    if (!ids?.length && !filter.shop && !filter.vendor && !filter.since) throw new UsageError("say what to replay: --id, --shop, --vendor or --since");
    const { revived, resent } = await replay(filter);
    args.out(`replaying ${revived} failed deliver${revived === 1 ? "y" : "ies"}${filter.resend ? `, re-sending ${resent} delivered` : ""}`);
  },

  async "rotate-key"(args) {
    if (args.values["new-key"] !== undefined) {
      throw new UsageError(
        "--new-key is gone: set the new key as CONDUIT_ENCRYPTION_KEY and the old one in CONDUIT_ENCRYPTION_KEYS_OLD on every process, then run rotate-key (README: Rotating the encryption key)",
      );
    }
    const r = await rotateKey();
    args.out(`re-encrypted ${r.rotated} connection(s) with key ${r.keyId} (CONDUIT_ENCRYPTION_KEY); ${r.current} already on it.`);
    for (const line of r.unreadable) args.out(`cannot read ${line}`);
    if (r.unreadable.length) throw new Error(`${r.unreadable.length} connection(s) left as they were: give Conduit the key they were saved with, or enter their keys again`);
    args.out("every secret is on the current key: CONDUIT_ENCRYPTION_KEYS_OLD can be emptied at the next restart.");
  },
};
