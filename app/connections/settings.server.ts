// Vendor settings: validated by the vendor's own zod schema (the admin form and the CLI share it),
// secret fields sealed at rest, public fields stored in clear for the storefront metafield.
import { z } from "zod";
import prisma from "../db.server";
import { EncryptionKeyError, seal, unseal } from "../crypto.server";
import { findVendor, VENDOR_IDS } from "../vendors";
import type { SendOption, VendorConnector, VendorEnvironment } from "../vendors/types";
import { notifyDue } from "../delivery/scheduler.server";

export class SettingsError extends Error {
  constructor(
    readonly field: string,
    readonly reason: string,
  ) {
    super(`${field}: ${reason}`);
  }
}

export function vendorOrThrow(id: string): VendorConnector {
  const vendor = findVendor(id);
  if (!vendor) throw new SettingsError("vendor", `unknown vendor "${id}" (one of ${VENDOR_IDS.join(", ")})`);
  return vendor;
}

export interface ConnectInput {
  shop: string;
  vendor: string;
  /** Setting values; a secret left empty keeps the stored one. */
  values: Record<string, string | undefined>;
  environment?: string;
  sendOptions?: Partial<Record<SendOption, boolean>>;
  enabled?: boolean;
}

function splitSettings(vendor: VendorConnector, settings: Record<string, unknown>) {
  const secret: Record<string, unknown> = {};
  const open: Record<string, unknown> = {};
  for (const field of vendor.settings.fields) {
    if (settings[field.key] === undefined) continue;
    (field.secret ? secret : open)[field.key] = settings[field.key];
  }
  return { secret, open };
}

/**
 * New values over stored ones. An empty secret means "keep the stored one" (forms never show it);
 * an empty public value clears that setting.
 */
export function mergeSettings(vendor: VendorConnector, stored: Record<string, unknown>, values: ConnectInput["values"]) {
  const secret = new Set(vendor.settings.fields.filter((f) => f.secret).map((f) => f.key));
  const merged: Record<string, unknown> = { ...stored };
  for (const [key, value] of Object.entries(values)) {
    if (value === undefined || (value === "" && secret.has(key))) continue;
    if (value === "") delete merged[key];
    else merged[key] = value;
  }
  return merged;
}

export function readSettings(conn: { secretSettings: string; publicSettings: string }): Record<string, unknown> {
  return { ...JSON.parse(conn.publicSettings), ...JSON.parse(unseal(conn.secretSettings)) };
}

/** The settings, or only the public ones when no configured key opens the secrets (they need re-entering). */
export function readSettingsOrPublic(conn: { secretSettings: string; publicSettings: string }): Record<string, unknown> {
  try {
    return readSettings(conn);
  } catch (err) {
    if (err instanceof EncryptionKeyError) return JSON.parse(conn.publicSettings);
    throw err;
  }
}

export function validateSettings(vendor: VendorConnector, values: Record<string, unknown>) {
  const known = new Set(vendor.settings.fields.map((f) => f.key));
  const unknown = Object.keys(values).find((k) => !known.has(k));
  if (unknown) throw new SettingsError(unknown, `not a ${vendor.name} setting (known: ${[...known].join(", ")})`);
  const parsed = vendor.settings.schema.safeParse(values);
  if (!parsed.success) {
    const issue = parsed.error.issues[0];
    throw new SettingsError(issue.path.join(".") || "settings", issue.message);
  }
  return parsed.data as Record<string, unknown>;
}

const environmentSchema = z.enum(["live", "staging"]);

export async function connect(input: ConnectInput) {
  const vendor = vendorOrThrow(input.vendor);
  const shop = await prisma.shop.upsert({ where: { domain: input.shop }, create: { domain: input.shop }, update: {} });
  const existing = await prisma.vendorConnection.findUnique({ where: { shopId_vendor: { shopId: shop.id, vendor: vendor.id } } });
  const settings = validateSettings(vendor, mergeSettings(vendor, existing ? readSettingsOrPublic(existing) : {}, input.values));
  const env = input.environment ?? existing?.environment ?? "live";
  if (!environmentSchema.safeParse(env).success) throw new SettingsError("environment", `must be live or staging, not "${env}"`);
  if (env === "staging" && !vendor.baseUrls.staging) throw new SettingsError("environment", `${vendor.name} has no staging environment`);
  const { secret, open } = splitSettings(vendor, settings);
  const data = {
    secretSettings: seal(JSON.stringify(secret)),
    publicSettings: JSON.stringify(open),
    environment: env as VendorEnvironment,
    sendOptions: JSON.stringify({ ...(existing ? JSON.parse(existing.sendOptions) : {}), ...input.sendOptions }),
    enabled: input.enabled ?? existing?.enabled ?? true,
    // New settings are the merchant's fix for "needs attention": resume and drain what waited.
    status: "active",
    statusReason: null,
    throttledUntil: null,
  };
  const conn = await prisma.vendorConnection.upsert({
    where: { shopId_vendor: { shopId: shop.id, vendor: vendor.id } },
    create: { shopId: shop.id, vendor: vendor.id, ...data },
    update: data,
  });
  notifyDue([conn.id]);
  return conn;
}

/** Secrets as a merchant may see them: "set, ends in 1a2b" — never the value. */
export function maskSecret(value: unknown): string {
  if (typeof value !== "string" || value === "") return "not set";
  return value.length <= 8 ? "set" : `set, ends in ${value.slice(-4)}`;
}
