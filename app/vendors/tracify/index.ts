import { RetryableError, VendorError } from "../errors";
import type { VendorConnector } from "../types";
import { deliverPurchases } from "./purchases";
import { isTracifyStorefrontTopic } from "./storefront";
import { tracifySettings, type TracifySettings } from "./settings";
import { verifyTracify } from "./verify";

export const tracify: VendorConnector<TracifySettings> = {
  id: "tracify",
  name: "Tracify",
  docsUrl: "https://docs.tracify.ai",
  settings: tracifySettings,
  baseUrls: { live: "https://api.tracify.ai", staging: "https://devapi.tracify.ai" },
  baseUrlEnv: "TRACIFY_API_URL",
  sendOptions: ["orders", "serverEvents"],
  // One purchase event is a few hundred bytes; 100 a call stays far below the 1 MB request our
  // simulator allows (Tracify documents no limit). 10 calls/s per key is the simulator's limit.
  limits: { maxRecordsPerCall: 100, maxBytesPerCall: 1_000_000, callsPerSecond: 5 },
  // Purchases come from the order webhook only (the record of truth); the pixel adds the visit.
  accepts: (kind, op, topic) => (kind === "order" && op === "upsert") || (kind === "storefront_event" && isTracifyStorefrontTopic(topic)),
  deliver: (ctx, items) =>
    // Our own failures (e.g. the state store) must not cross the boundary as bare Errors.
    deliverPurchases(ctx, items).catch((err: unknown) => {
      throw err instanceof VendorError ? err : new RetryableError(`Tracify delivery failed: ${String(err)}`);
    }),
  verify: verifyTracify,
  publicSettings: (settings) => ({ customerSiteId: settings.customerSiteId }),
};
