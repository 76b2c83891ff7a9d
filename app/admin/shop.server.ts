// Every admin loader and action starts here: a valid session token, and the shop it names. All
// queries are then scoped to that shop, so one shop can never read or change another's data.
import { authenticate } from "../shopify.server";
import prisma from "../db.server";

export async function requireShop(request: Request) {
  const { session } = await authenticate.admin(request);
  const shop = await prisma.shop.findUnique({ where: { domain: session.shop }, select: { id: true } });
  return { session, domain: session.shop, shopId: shop?.id ?? null };
}

/** Thrown when a record does not exist for this shop; another shop's record is just as absent. */
export const notFound = (what: string) => new Response(`${what} not found`, { status: 404, statusText: "Not Found" });
