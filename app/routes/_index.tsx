// Opened outside the Shopify admin: send the merchant to the embedded app for their shop.
import { redirect, type LoaderFunctionArgs } from "@remix-run/node";

export const loader = async ({ request }: LoaderFunctionArgs) => {
  const url = new URL(request.url);
  if (url.searchParams.get("shop")) throw redirect(`/app?${url.searchParams.toString()}`);
  return new Response("Conduit is a Shopify app: open it from your store's admin.", {
    headers: { "Content-Type": "text/plain" },
  });
};
