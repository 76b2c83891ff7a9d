// The vendor settings page's server side: what the form shows (secrets only as "set, ends in …"),
// reading a submitted form into connect()'s input, and "Test connection" with the saved settings.
import prisma from "../db.server";
import { connect, maskSecret, readSettingsOrPublic } from "../connections/settings.server";
import { unreadableReason } from "../connections/readable.server";
import { vendorContext } from "../delivery/context.server";
import { parseSendOptions } from "../delivery/plan.server";
import type { VendorConnector, VerifyResult } from "../vendors/types";
import { explainFailure } from "./explain";
import { connectionState } from "./status";

const findConnection = (shopId: string | null, vendor: VendorConnector) =>
  shopId ? prisma.vendorConnection.findUnique({ where: { shopId_vendor: { shopId, vendor: vendor.id } }, include: { shop: true } }) : null;

export async function settingsView(shopId: string | null, vendor: VendorConnector) {
  const conn = await findConnection(shopId, vendor);
  // Secrets no configured key opens: the page says so and asks for them again, instead of a 500.
  const unreadable = conn ? unreadableReason(conn) : undefined;
  const stored = conn ? readSettingsOrPublic(conn) : {};
  const send = parseSendOptions(conn?.sendOptions ?? "{}");
  const state = unreadable ? "needs_attention" : connectionState(conn);
  return {
    vendor: { id: vendor.id, name: vendor.name, docsUrl: vendor.docsUrl, hasStaging: Boolean(vendor.baseUrls.staging), sendOptions: vendor.sendOptions },
    // Secret values stay on the server: the page gets a mask, and an empty box means "keep it".
    fields: vendor.settings.fields.map((f) => ({
      key: f.key,
      label: f.label,
      help: f.help,
      required: f.required,
      secret: f.secret,
      value: f.secret ? "" : String(stored[f.key] ?? ""),
      mask: f.secret ? maskSecret(stored[f.key]) : null,
    })),
    environment: conn?.environment ?? "live",
    send: Object.fromEntries(vendor.sendOptions.map((o) => [o, send[o] !== false])) as Record<string, boolean>,
    connected: Boolean(conn),
    enabled: conn?.enabled ?? true,
    state,
    problem: state === "needs_attention" ? explainFailure({ vendorName: vendor.name, status: state, lastError: unreadable ?? conn?.statusReason ?? null }) : null,
    savedAt: conn?.updatedAt ?? null,
  };
}

/** The form's fields as connect() takes them: `field.<key>`, `send.<option>`, `environment`. */
export function saveSettings(shop: string, vendor: VendorConnector, form: FormData) {
  const value = (name: string) => {
    const v = form.get(name);
    return typeof v === "string" ? v : undefined;
  };
  return connect({
    shop,
    vendor: vendor.id,
    values: Object.fromEntries(vendor.settings.fields.map((f) => [f.key, value(`field.${f.key}`)])),
    // A ticked box is present in the post whatever its value; an unticked one is absent.
    sendOptions: Object.fromEntries(vendor.sendOptions.map((o) => [o, form.has(`send.${o}`)])),
    environment: vendor.baseUrls.staging ? value("environment") : undefined,
  });
}

export function setEnabled(shop: string, vendor: VendorConnector, enabled: boolean) {
  return connect({ shop, vendor: vendor.id, values: {}, enabled });
}

/** Checks the saved settings against the vendor, without sending shop data. */
export async function testConnection(shopId: string | null, vendor: VendorConnector): Promise<VerifyResult> {
  const conn = await findConnection(shopId, vendor);
  if (!conn) return { ok: false, message: `Save ${vendor.name}'s settings first, then test them.` };
  try {
    return await vendor.verify(vendorContext(vendor, conn));
  } catch (err) {
    return { ok: false, message: `The test could not run: ${err instanceof Error ? err.message : String(err)}` };
  }
}
