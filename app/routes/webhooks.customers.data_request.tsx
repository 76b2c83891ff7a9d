import type { ActionFunctionArgs } from "@remix-run/node";
import { receiveWebhook } from "../webhooks/receive.server";
import { onDataRequest } from "../privacy/data-request.server";

export const loader = () => new Response(null, { status: 405, headers: { Allow: "POST" } });
export const action = ({ request }: ActionFunctionArgs) => receiveWebhook(request, "customers/data_request", onDataRequest);
