// Ometria: contacts, products and orders through the ecommerce push API; Web Pixel events
// through the headless tracking API (`headlessUrl`/`headlessKey`/`headlessSecret`, ./headless.ts).
import { RetryableError, VendorError } from "../errors";
import type { VendorConnector } from "../types";
import { CALLS_PER_SECOND, MAX_RECORDS_PER_PUSH } from "./client";
import { deliver } from "./deliver";
import { deliverHeadless, HEADLESS_EVENTS } from "./headless";
import { settings, type OmetriaSettings } from "./settings";
import { verify } from "./verify";

export type { OmetriaSettings };

export const ometria: VendorConnector<OmetriaSettings> = {
  id: "ometria",
  name: "Ometria",
  docsUrl: "https://docs.ometria.com/",
  settings,
  // Staging and live are separate accounts (own key and account ID) on the same API host.
  baseUrls: { live: "https://api.ometria.com", staging: "https://api.ometria.com" },
  baseUrlEnv: "OMETRIA_API_URL",
  sendOptions: ["customers", "catalogue", "orders", "storefront", "serverEvents"],
  // Counted in items; deliver splits into pushes of ≤ 100 records when variants add records.
  limits: { maxRecordsPerCall: MAX_RECORDS_PER_PUSH, callsPerSecond: CALLS_PER_SECOND },
  accepts(kind, op, topic) {
    if (kind === "product") return true;
    if (kind === "storefront_event") return HEADLESS_EVENTS.includes(topic.replace(/^pixel\//, ""));
    return op === "upsert" && (kind === "customer" || kind === "order");
  },
  async deliver(ctx, items) {
    try {
      // Pixel events go to the headless API, everything else to the push API: never mixed in one call.
      const events = items.filter((i) => i.entity.kind === "storefront_event");
      if (events.length === 0) return await deliver(ctx, items);
      const rest = items.filter((i) => i.entity.kind !== "storefront_event");
      const outcomes = [...(await deliverHeadless(ctx, events)), ...(rest.length > 0 ? await deliver(ctx, rest) : [])];
      return items.map((i) => outcomes.find((o) => o.deliveryId === i.deliveryId)!);
    } catch (err) {
      if (err instanceof VendorError) throw err;
      // Our own failure (e.g. the sync-state store): keep the engine's contract of typed errors.
      throw new RetryableError(`Ometria delivery failed before an answer: ${err instanceof Error ? err.message : String(err)}`);
    }
  },
  verify,
  publicSettings(s) {
    return { accountId: s.accountId, ...(s.headlessUrl ? { headlessUrl: s.headlessUrl } : {}) };
  },
};
