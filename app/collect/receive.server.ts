// The collect endpoint's lean route: server.js answers POST /collect straight from Node's request,
// in front of Express and Remix, as it does the data webhooks (app/webhooks/receive.server.ts).
// Profiled under load, Express's middleware (a static-file stat per request among them) and
// Remix's Request, router and response streaming cost more than the endpoint's own work.
// The Remix route (app/routes/collect.tsx) serves the same handler under `remix vite:dev`.
import type { IncomingMessage, ServerResponse } from "node:http";
import { logger } from "../logger.server";
import { readCapped } from "./body";
import { collect, type CollectAnswer } from "./collect.server";

export const COLLECT_PATH = "/collect";

/** Answers /collect and returns true; returns false (touching nothing) for any other path. */
export function handleCollect(req: IncomingMessage, res: ServerResponse): boolean {
  const url = req.url ?? "";
  const q = url.indexOf("?");
  if ((q === -1 ? url : url.slice(0, q)) !== COLLECT_PATH) return false;
  const header = (name: string) => {
    const v = req.headers[name.toLowerCase()];
    return (Array.isArray(v) ? v.join(", ") : v) ?? null;
  };
  void (async () => {
    let answer: CollectAnswer;
    try {
      answer = await collect({
        method: req.method ?? "GET",
        shop: new URLSearchParams(q === -1 ? "" : url.slice(q + 1)).get("shop") ?? "",
        header,
        peer: req.socket.remoteAddress ?? null,
        body: (limit) => readCapped(header("content-length"), req, limit),
      });
    } catch (err) {
      // The sender went away mid-body, or something unforeseen: nothing was stored.
      if (!req.destroyed) logger.error({ err }, "collect: request failed, answering 503");
      answer = { status: req.destroyed ? 400 : 503, headers: { "Retry-After": "5" }, body: null };
    }
    if (answer.status === 413) {
      // The rest of the body is never read: close the connection rather than drain it.
      res.setHeader("Connection", "close");
      res.once("finish", () => req.destroy());
    }
    res.writeHead(answer.status, answer.headers);
    res.end(answer.body ?? undefined);
  })();
  return true;
}
