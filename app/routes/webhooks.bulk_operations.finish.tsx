// Stored like every webhook; the historical import (app/import/) looks for it to learn that its bulk
// operation ended, and polls bulkOperation(id:) as well, since Shopify does not guarantee delivery.
import type { ActionFunctionArgs } from "@remix-run/node";
import { receiveWebhook } from "../webhooks/receive.server";

export const loader = () => new Response(null, { status: 405, headers: { Allow: "POST" } });
export const action = ({ request }: ActionFunctionArgs) => receiveWebhook(request, "bulk_operations/finish");
