// What the pixel does, apart from register() so a test can hand it a fake Shopify: subscribe to
// the standard events, keep only the fields each needs (the body app/collect/schema.ts checks),
// batch what fires together, and post only while the visitor's consent allows it.
import type { ExtensionApi } from "@shopify/web-pixels-extension";

export const EVENTS = [
  "page_viewed", "product_viewed", "collection_viewed", "search_submitted", "product_added_to_cart",
  "product_removed_from_cart", "cart_viewed", "checkout_started", "checkout_contact_info_submitted", "checkout_completed",
] as const;

/** Events that fire together (a product page's page_viewed and product_viewed) go in one request. */
const BATCH_WAIT_MS = 50;
/** Well under the endpoint's 32 KB body limit. */
const BATCH_MAX = 20;
const SESSION_KEY = "conduit_session";

type Privacy = ExtensionApi["init"]["customerPrivacy"];
interface Consent { analytics: boolean; marketing: boolean; preferences: boolean; saleOfData: boolean }

// The theme's consent event says analyticsAllowed; inside a pixel it is analyticsProcessingAllowed.
const toConsent = (p: Privacy): Consent => ({
  analytics: p.analyticsProcessingAllowed,
  marketing: p.marketingAllowed,
  preferences: p.preferencesProcessingAllowed,
  saleOfData: p.saleOfDataAllowed,
});

/** What [customer_privacy] declares; the pixel checks it itself too, whatever loaded it. */
const allowed = (c: Consent) => c.analytics && c.saleOfData;

/* eslint-disable @typescript-eslint/no-explicit-any -- Shopify's event payloads, read defensively */
const money = (m: any) => (typeof m?.amount === "number" ? m.amount : undefined);

function variantFields(v: any) {
  return { productId: v?.product?.id, variantId: v?.id ?? undefined, title: v?.product?.title ?? undefined, sku: v?.sku || undefined, price: money(v?.price), currency: v?.price?.currencyCode ?? undefined };
}

function checkoutFields(c: any) {
  return { checkoutToken: c?.token, totalPrice: money(c?.totalPrice), currency: c?.currencyCode ?? undefined };
}

/** Only the fields each event needs: no addresses, no names, no phone numbers. */
export function eventData(name: string, data: any): Record<string, unknown> {
  switch (name) {
    case "product_viewed":
      return variantFields(data?.productVariant);
    case "collection_viewed":
      return { collectionId: data?.collection?.id, title: data?.collection?.title ?? undefined };
    case "search_submitted":
      return { query: data?.searchResult?.query ?? "" };
    case "product_added_to_cart":
    case "product_removed_from_cart":
      return { ...variantFields(data?.cartLine?.merchandise), quantity: data?.cartLine?.quantity };
    case "cart_viewed":
      return { totalPrice: money(data?.cart?.cost?.totalAmount), currency: data?.cart?.cost?.totalAmount?.currencyCode ?? undefined, lines: data?.cart?.lines?.length ?? undefined };
    case "checkout_started":
    case "checkout_contact_info_submitted":
      return checkoutFields(data?.checkout);
    case "checkout_completed":
      return { ...checkoutFields(data?.checkout), orderId: data?.checkout?.order?.id ?? undefined };
    default:
      return {};
  }
}

export function conduitPixel({ analytics, browser, init, settings, customerPrivacy }: ExtensionApi, wait = BATCH_WAIT_MS): void {
  const endpoint = `${String(settings.collectUrl).replace(/\/+$/, "")}?shop=${encodeURIComponent(String(settings.shop))}`;
  let consent = toConsent(init.customerPrivacy);
  customerPrivacy.subscribe("visitorConsentCollected", (e) => {
    consent = toConsent(e.customerPrivacy);
  });
  let email: string | undefined = init.data.customer?.email ?? undefined;
  let customerId: string | undefined = init.data.customer?.id ?? undefined;
  let queue: Record<string, unknown>[] = [];
  let timer: ReturnType<typeof setTimeout> | undefined;

  function flush() {
    timer = undefined;
    const events = queue;
    queue = [];
    if (events.length === 0 || !allowed(consent)) return;
    // text/plain keeps it a "simple" request: no CORS preflight, which keepalive requests may not make.
    void fetch(endpoint, { method: "POST", keepalive: true, headers: { "Content-Type": "text/plain" }, body: JSON.stringify({ consent, events }) }).catch(() => undefined);
  }

  /** The visit: its first event's id and URL, kept for the tab's life (utm_*, trc_* of the landing page). */
  async function session(id: string, url: string): Promise<{ id: string; landingUrl: string | null }> {
    const stored = await browser.sessionStorage.getItem(SESSION_KEY).catch(() => null);
    if (stored) {
      try {
        return JSON.parse(stored);
      } catch {
        // Unreadable: start again below.
      }
    }
    const fresh = { id, landingUrl: url };
    await browser.sessionStorage.setItem(SESSION_KEY, JSON.stringify(fresh)).catch(() => undefined);
    return fresh;
  }

  for (const name of EVENTS) {
    analytics.subscribe(name, async (event: any) => {
      if (!allowed(consent)) return;
      const checkout = event.data?.checkout;
      email = checkout?.email || email;
      customerId = checkout?.order?.customer?.id ?? customerId;
      const url = event.context?.document?.location?.href ?? "";
      const body = {
        id: event.id,
        name,
        clientId: event.clientId,
        timestamp: event.timestamp,
        url,
        referrer: event.context?.document?.referrer || null,
        session: await session(event.id, url),
        data: eventData(name, event.data),
        ...(email ? { email } : {}),
        ...(customerId ? { customerId: String(customerId) } : {}),
      };
      queue.push(JSON.parse(JSON.stringify(body)));
      if (queue.length >= BATCH_MAX) flush();
      else timer ??= setTimeout(flush, wait);
    });
  }
}
