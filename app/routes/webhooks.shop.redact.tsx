import type { ActionFunctionArgs } from "@remix-run/node";
import { receiveWebhook } from "../webhooks/receive.server";
import { onShopRedact } from "../privacy/shop-redact.server";

export const loader = () => new Response(null, { status: 405, headers: { Allow: "POST" } });
export const action = ({ request }: ActionFunctionArgs) => receiveWebhook(request, "shop/redact", onShopRedact);
