import type { ActionFunctionArgs } from "@remix-run/node";
import { receiveWebhook } from "../webhooks/receive.server";
import { onShopRedact, afterShopRedact } from "../privacy/shop-redact.server";

export const loader = () => new Response(null, { status: 405, headers: { Allow: "POST" } });
export const action = async ({ request }: ActionFunctionArgs) =>
  afterShopRedact(await receiveWebhook(request, "shop/redact", onShopRedact));
