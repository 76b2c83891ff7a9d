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
    const shop = need(args, "shop");
    const vendor = vendorOrThrow(need(args, "vendor"));
    const { environment, ...values } = keyValues(args.positionals);
    const conn = await connect({ shop, vendor: vendor.id, values, environment });
    args.out(`connected ${vendor.name} for ${shop} (${conn.environment}); secrets stored encrypted`);
  },

  async disconnect(args) {
    const shop = need(args, "shop");
    const vendor = vendorOrThrow(need(args, "vendor"));
    const { count } = await prisma.vendorConnection.deleteMany({ where: { vendor: vendor.id, shop: { domain: shop } } });
    if (count === 0) throw new UsageError(`${shop} has no ${vendor.name} connection`);
    args.out(`disconnected ${vendor.name} from ${shop}; its outbox rows were removed`);
    // The last server-side vendor gone: the shop's Web Pixel goes too.
    const pixel = await syncPixelForShop(shop);
    if (pixel) args.out(pixel);
  },

  async status(args) {
    const shop = str(args.values.shop);
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
      shop: str(args.values.shop),
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
    const { rotated, newKey, generated } = await rotateKey(str(args.values["new-key"]));
    args.out(`re-encrypted ${rotated} connection(s).`);
    if (generated) args.out(`new key (store it now, it is not saved anywhere): ${newKey}`);
    args.out("set CONDUIT_ENCRYPTION_KEY to the new key and restart every process.");
  },
};
