// Kept as history now; the historical import (next on the roadmap) reacts to it.
import type { ActionFunctionArgs } from "@remix-run/node";
import { receiveWebhook } from "../webhooks/receive.server";

export const loader = () => new Response(null, { status: 405, headers: { Allow: "POST" } });
export const action = ({ request }: ActionFunctionArgs) => receiveWebhook(request, "bulk_operations/finish");
