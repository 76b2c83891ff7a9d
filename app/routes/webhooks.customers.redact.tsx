import type { ActionFunctionArgs } from "@remix-run/node";
import { receiveRedaction } from "../privacy/redaction.server";

export const loader = () => new Response(null, { status: 405, headers: { Allow: "POST" } });
export const action = ({ request }: ActionFunctionArgs) => receiveRedaction(request);
