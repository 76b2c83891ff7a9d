// Metrilo: customers, collections, products and orders through its signed backend API v2; the
// storefront tag (public token only) handles browsing behaviour.
import { AuthError, RetryableError, VendorError } from "../errors";
import type { VendorConnector, VendorContext, VerifyResult } from "../types";
import { MAX_RECORDS_PER_REQUEST, MAX_REQUEST_BYTES, post } from "./client";
import { deliver } from "./deliver";
import { metriloSettings, metriloSettingsSchema, type MetriloSettings } from "./settings";

const ACCEPTED = new Set(["customer", "category", "product", "order"]);

/**
 * Metrilo has no read endpoint, so "Test connection" posts an empty customer batch: it must pass
 * the token and X-Digest checks like any import, yet creates nothing in the project.
 */
async function verify(ctx: VendorContext<MetriloSettings>): Promise<VerifyResult> {
  const parsed = metriloSettingsSchema.safeParse(ctx.settings);
  if (!parsed.success) {
    const issue = parsed.error.issues[0];
    return { ok: false, message: issue.message, field: String(issue.path[0]) };
  }
  try {
    await post({ ...ctx, settings: parsed.data }, "/customer/batch", { batch: [] });
    return { ok: true, message: "Connected: Metrilo accepted the API token and the API secret." };
  } catch (err) {
    if (!(err instanceof VendorError)) throw err;
    return explain(err);
  }
}

function explain(err: VendorError): VerifyResult {
  const where = "Copy it again from Settings → Installation in your Metrilo project.";
  if (err instanceof AuthError && err.httpStatus === 401) {
    return { ok: false, field: "apiToken", message: `Metrilo refused the API token. ${where}` };
  }
  if (err instanceof AuthError && err.httpStatus === 402) {
    return { ok: false, message: "Metrilo says this project requires payment. Check the billing page of your Metrilo account." };
  }
  // 403 means a bad signature, or that Metrilo ignores requests from this server's IP address.
  if (err instanceof AuthError && /\bIP\b/.test(err.response ?? "")) {
    return { ok: false, message: "Metrilo ignores requests from this app's IP address. Ask Metrilo support to allow it." };
  }
  if (err instanceof AuthError) {
    return { ok: false, field: "apiSecret", message: `Metrilo refused the API secret (X-Digest signature invalid). ${where}` };
  }
  if (err instanceof RetryableError) {
    return { ok: false, message: `Metrilo did not answer properly (${err.message}). Try again in a few minutes.` };
  }
  return { ok: false, message: `Metrilo refused the test request: ${err.message}` };
}

export const metrilo: VendorConnector<MetriloSettings> = {
  id: "metrilo",
  name: "Metrilo",
  docsUrl: "https://www.metrilo.com/developers",
  settings: metriloSettings,
  baseUrls: { live: "https://trk.mtrl.me/v2" },
  baseUrlEnv: "METRILO_API_URL",
  sendOptions: ["customers", "catalogue", "orders", "storefront"],
  limits: { maxRecordsPerCall: MAX_RECORDS_PER_REQUEST, maxBytesPerCall: MAX_REQUEST_BYTES },
  // Metrilo has no delete endpoints; storefront events go through its browser tag.
  accepts: (kind, op) => op === "upsert" && ACCEPTED.has(kind),
  deliver,
  verify,
  publicSettings: (settings) => ({ apiToken: settings.apiToken }),
};
