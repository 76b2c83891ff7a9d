// GET /apps/conduit/tracktor/identity on the shop's domain, forwarded here by Shopify's app proxy:
// the Tracktor.io identity signature of the customer logged in to the storefront. The customer
// comes only from Shopify's signed `logged_in_customer_id`, never from anything else the request
// names, so a shopper can get a signature for themself and nobody else.
import type { LoaderFunctionArgs } from "@remix-run/node";
import { authenticate } from "../shopify.server";
import { tracktorIdentity } from "../storefront/tracktor-identity.server";

const answer = (status: number, body: object) =>
  new Response(JSON.stringify(body), {
    status,
    // Per customer: no shared cache may keep it.
    headers: { "Content-Type": "application/json", "Cache-Control": "private, no-store" },
  });

export const loader = async ({ request }: LoaderFunctionArgs) => {
  let session;
  try {
    ({ session } = await authenticate.public.appProxy(request));
  } catch (err) {
    // The library answers 400 to a missing, wrong or stale signature: to the shopper it is a 401.
    if (err instanceof Response) return answer(401, { error: "signature: the request is not signed by Shopify's app proxy, or its timestamp is stale" });
    throw err;
  }
  if (!session) return answer(401, { error: "shop: Conduit is not installed on this shop" });
  const customer = new URL(request.url).searchParams.get("logged_in_customer_id") ?? "";
  if (!/^\d+$/.test(customer)) return answer(401, { error: "logged_in_customer_id: no customer is logged in" });
  const identity = await tracktorIdentity(session.shop, customer);
  if (!identity) return answer(404, { error: "vendor: Tracktor.io storefront tracking is not connected on this shop" });
  return answer(200, identity);
};
