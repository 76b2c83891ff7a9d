// /metrics in Prometheus text format. Protect it at the proxy, or set METRICS_TOKEN to require
// "Authorization: Bearer <token>".
import { scrape } from "../delivery/metrics.server";

export const loader = async ({ request }: { request: Request }) => {
  const { status, type, body } = await scrape(request.headers.get("authorization"));
  return new Response(body, { status, headers: { "Content-Type": type } });
};
