// What the vendor page says about the Web Pixel: only for vendors that take pixel events, and a
// failed look-up is said as such rather than guessed.
import { PIXEL_EVENTS } from "../collect/schema";
import { pixelTopic } from "../collect/store.server";
import { findVendor } from "../vendors";
import { pixelState } from "./web-pixel.server";

export type PixelView = { relevant: false } | { relevant: true; connected: boolean; error: string | null };

export async function pixelView(session: { shop: string; accessToken?: string }, vendorId: string): Promise<PixelView> {
  const vendor = findVendor(vendorId);
  if (!vendor?.sendOptions.includes("serverEvents") || !PIXEL_EVENTS.some((n) => vendor.accepts("storefront_event", "upsert", pixelTopic(n)))) return { relevant: false };
  try {
    return { relevant: true, connected: (await pixelState(session)).connected, error: null };
  } catch (err) {
    return { relevant: true, connected: false, error: err instanceof Error ? err.message : String(err) };
  }
}
