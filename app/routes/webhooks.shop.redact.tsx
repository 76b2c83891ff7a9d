import type { ActionFunctionArgs } from "@remix-run/node";
import { receiveShopRedact } from "../privacy/shop-redact.server";

export const loader = () => new Response(null, { status: 405, headers: { Allow: "POST" } });
export const action = async ({ request }: ActionFunctionArgs) => receiveShopRedact(request);
