import type { ActionFunctionArgs } from "@remix-run/node";
import { receiveDataRequest } from "../privacy/data-request.server";

export const loader = () => new Response(null, { status: 405, headers: { Allow: "POST" } });
export const action = ({ request }: ActionFunctionArgs) => receiveDataRequest(request);
