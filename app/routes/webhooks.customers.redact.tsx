import type { ActionFunctionArgs } from "@remix-run/node";
import { receiveWebhook } from "../webhooks/receive.server";
import { customerRedaction } from "../privacy/redaction.server";

export const loader = () => new Response(null, { status: 405, headers: { Allow: "POST" } });
export const action = async ({ request }: ActionFunctionArgs) => {
  const redaction = customerRedaction();
  const response = await receiveWebhook(request, "customers/redact", redaction.inTransaction);
  redaction.afterCommit();
  return response;
};
