// /webhooks/<topic> for every data topic in shopify.app.toml (orders/create, products/update…).
// Lifecycle and privacy topics have their own files beside this one.
import type { ActionFunctionArgs } from "@remix-run/node";
import { DATA_TOPICS } from "../domain/shopify/topics";
import { receiveWebhook } from "../webhooks/receive.server";

const KNOWN = new Set<string>(DATA_TOPICS);

export const loader = () => new Response(null, { status: 405, headers: { Allow: "POST" } });

export const action = async ({ request, params }: ActionFunctionArgs) => {
  const topic = params["*"] ?? "";
  if (!KNOWN.has(topic)) return new Response(`no webhook topic ${topic}`, { status: 404 });
  return receiveWebhook(request, topic);
};
