// Whether a shop needs the Web Pixel: some enabled connection of a vendor that takes storefront
// events server-side, with storefront events not switched off, and (Ometria) ready for them.
import { storefrontReady } from "../collect/ready";
import { PIXEL_EVENTS } from "../collect/schema";
import { pixelTopic } from "../collect/store.server";
import { connectionWants } from "../delivery/plan.server";

export interface PixelConnection {
  id: string;
  vendor: string;
  enabled: boolean;
  sendOptions: string;
  publicSettings: string;
}

export function wantsPixel(connections: PixelConnection[]): boolean {
  return connections.some((c) => storefrontReady(c) && PIXEL_EVENTS.some((name) => connectionWants(c, "storefront_event", "upsert", pixelTopic(name))));
}

/** The pixel's [settings] (extensions/conduit-pixel/shopify.extension.toml): where to post, which shop. */
export function pixelSettings(appUrl: string, shop: string) {
  return { collectUrl: `${appUrl.replace(/\/+$/, "")}/collect`, shop };
}
