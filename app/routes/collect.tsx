// POST /collect?shop=… — storefront and checkout events from the Web Pixel (app/collect/). In
// production server.js answers it before Remix (app/collect/receive.server.ts); this route serves
// it under `remix vite:dev`, through the same handler.
import type { ActionFunctionArgs, LoaderFunctionArgs } from "@remix-run/node";
import { readCapped } from "../collect/body";
import { collect } from "../collect/collect.server";

const peerOf = (context: unknown) => {
  const peer = (context as { peerAddress?: unknown } | undefined)?.peerAddress;
  return typeof peer === "string" ? peer : null;
};

async function handle(request: Request, context: unknown): Promise<Response> {
  const answer = await collect({
    method: request.method,
    shop: new URL(request.url).searchParams.get("shop") ?? "",
    header: (name) => request.headers.get(name),
    peer: peerOf(context),
    body: (limit) => readCapped(request.headers.get("content-length"), request.body as AsyncIterable<Uint8Array> | null, limit),
  });
  return new Response(answer.body, { status: answer.status, headers: answer.headers });
}

// Remix hands OPTIONS (a CORS preflight) to the loader, POST to the action.
export const loader = ({ request, context }: LoaderFunctionArgs) =>
  request.method === "OPTIONS" ? handle(request, context) : new Response(null, { status: 405, headers: { Allow: "POST, OPTIONS" } });

export const action = ({ request, context }: ActionFunctionArgs) => handle(request, context);
