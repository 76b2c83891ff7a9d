// POST /collect?shop=… — storefront and checkout events from the Web Pixel (app/collect/).
import type { ActionFunctionArgs, LoaderFunctionArgs } from "@remix-run/node";
import { handleCollect } from "../collect/collect.server";

const peerOf = (context: unknown) => {
  const peer = (context as { peerAddress?: unknown } | undefined)?.peerAddress;
  return typeof peer === "string" ? peer : null;
};

// Remix hands OPTIONS (a CORS preflight) to the loader, POST to the action.
export const loader = ({ request, context }: LoaderFunctionArgs) =>
  request.method === "OPTIONS" ? handleCollect(request, peerOf(context)) : new Response(null, { status: 405, headers: { Allow: "POST, OPTIONS" } });

export const action = ({ request, context }: ActionFunctionArgs) => handleCollect(request, peerOf(context));
