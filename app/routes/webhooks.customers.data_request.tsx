import type { ActionFunctionArgs } from "@remix-run/node";
import { receiveWebhook } from "../webhooks/receive.server";
import { dataRequest } from "../privacy/data-request.server";

export const loader = () => new Response(null, { status: 405, headers: { Allow: "POST" } });
export const action = async ({ request }: ActionFunctionArgs) => {
  const steps = dataRequest();
  const response = await receiveWebhook(request, "customers/data_request", steps.inTransaction);
  steps.afterCommit();
  return response;
};
