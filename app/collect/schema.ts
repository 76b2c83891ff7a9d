// What the Web Pixel posts to /collect, checked per event so one bad event never costs the
// batch its good ones. Field names are the pixel's compact body (extensions/conduit-pixel/).
import { z } from "zod";

export const MAX_BODY_BYTES = 32 * 1024;
export const MAX_EVENTS_PER_BATCH = 50;

const id = z.string().trim().min(1, "is required").max(200, "is longer than 200 characters");
const money = z.number().finite().nonnegative();
const currency = z.string().regex(/^[A-Z]{3}$/, "must be a 3-letter ISO 4217 code");
const isHttpUrl = (v: string) => {
  try {
    return ["http:", "https:"].includes(new URL(v).protocol);
  } catch {
    return false;
  }
};
const absoluteUrl = z.string().max(4000, "is longer than 4000 characters").refine(isHttpUrl, "must be a full URL");
const email = z.string().trim().email("is not an email address").max(320);

const product = { productId: id, variantId: id.optional(), title: z.string().max(500).optional(), sku: z.string().max(200).optional(), price: money.optional(), currency: currency.optional() };
const line = { ...product, quantity: z.number().int().positive("must be a positive whole number").max(10_000) };
const checkout = { checkoutToken: id, totalPrice: money.optional(), currency: currency.optional() };

/** Each subscribed standard event and the only fields it carries. */
export const EVENT_DATA = {
  page_viewed: z.object({}).strict(),
  product_viewed: z.object(product).strict(),
  collection_viewed: z.object({ collectionId: id, title: z.string().max(500).optional() }).strict(),
  search_submitted: z.object({ query: z.string().max(500) }).strict(),
  product_added_to_cart: z.object(line).strict(),
  product_removed_from_cart: z.object(line).strict(),
  cart_viewed: z.object({ totalPrice: money.optional(), currency: currency.optional(), lines: z.number().int().nonnegative().optional() }).strict(),
  checkout_started: z.object(checkout).strict(),
  checkout_contact_info_submitted: z.object(checkout).strict(),
  checkout_completed: z.object({ ...checkout, orderId: id.optional() }).strict(),
} as const;

export type PixelEventName = keyof typeof EVENT_DATA;
export const PIXEL_EVENTS = Object.keys(EVENT_DATA) as PixelEventName[];

const consent = z
  .object({ analytics: z.boolean(), marketing: z.boolean(), preferences: z.boolean(), saleOfData: z.boolean() })
  .strict();

export const SHOP_DOMAIN = /^[a-z0-9][a-z0-9-]*\.myshopify\.com$/;

/** The envelope (the shop is in the URL); `events` stay unknown here so each is judged on its own. */
export const envelope = z.object({
  consent,
  events: z.array(z.unknown()).min(1, "must hold at least one event").max(MAX_EVENTS_PER_BATCH, `holds more than ${MAX_EVENTS_PER_BATCH} events`),
});

const baseEvent = z
  .object({
    id: id,
    name: z.enum(PIXEL_EVENTS as [PixelEventName, ...PixelEventName[]], { errorMap: () => ({ message: `must be one of ${PIXEL_EVENTS.join(", ")}` }) }),
    clientId: id,
    timestamp: z.string().datetime({ offset: true, message: "must be an ISO 8601 time" }),
    url: absoluteUrl,
    // null first: the pixel sends it most often, and each union branch that fails first builds an issue.
    referrer: z.union([z.null(), z.literal(""), absoluteUrl]).optional(),
    session: z.object({ id, landingUrl: z.union([z.null(), absoluteUrl]) }).strict(),
    /** A known visitor: the logged-in customer, or the email given at checkout. */
    email: email.optional(),
    customerId: id.optional(),
    data: z.record(z.unknown()),
  })
  .strict();

export type PixelEvent = z.infer<typeof baseEvent> & { name: PixelEventName };

/** One line per problem, naming the field: "events[2].data.quantity: must be a positive whole number". */
export function describeIssues(prefix: string, error: z.ZodError): string {
  return error.issues.map((i) => `${[prefix, ...i.path].filter((p) => p !== "").join(".").replace(/\.(\d+)/g, "[$1]")}: ${i.message}`).join("; ");
}

export function parseEvent(raw: unknown, index: number): { ok: true; event: PixelEvent } | { ok: false; reason: string; id: string | null } {
  const where = `events[${index}]`;
  const rawId = typeof (raw as { id?: unknown } | null)?.id === "string" ? (raw as { id: string }).id : null;
  const base = baseEvent.safeParse(raw);
  if (!base.success) return { ok: false, reason: describeIssues(where, base.error), id: rawId };
  const data = EVENT_DATA[base.data.name].safeParse(base.data.data);
  if (!data.success) return { ok: false, reason: describeIssues(`${where}.data`, data.error), id: rawId };
  return { ok: true, event: { ...base.data, data: data.data } };
}
