// Every admin loader and action starts here: a valid session token, and the shop it names. All
// queries are then scoped to that shop, so one shop can never read or change another's data.
import { authenticate } from "../shopify.server";
import prisma, { isDatabaseUnavailable } from "../db.server";

export async function requireShop(request: Request) {
  const { session } = await orUnavailable(() => authenticate.admin(request));
  const shop = await orUnavailable(() => prisma.shop.findUnique({ where: { domain: session.shop }, select: { id: true } }));
  return { session, domain: session.shop, shopId: shop?.id ?? null };
}

/**
 * A database that does not answer becomes a 503 the merchant can read (the app frame's boundary
 * shows a thrown response's text), rather than "Unexpected Server Error". Responses the library
 * throws (its redirects) pass through.
 */
export async function orUnavailable<T>(read: () => Promise<T>): Promise<T> {
  try {
    return await read();
  } catch (err) {
    if (!(err instanceof Response) && isDatabaseUnavailable(err)) throw new Response(DATABASE_DOWN, { status: 503, headers: { "Retry-After": "5" } });
    throw err;
  }
}

const DATABASE_DOWN =
  "<p>Conduit cannot reach its database right now. Nothing is lost: Shopify keeps retrying every " +
  "webhook until Conduit has stored it. This page works again as soon as the database answers.</p>";

/** Thrown when a record does not exist for this shop; another shop's record is just as absent. */
export const notFound = (what: string) => new Response(`${what} not found`, { status: 404, statusText: "Not Found" });
