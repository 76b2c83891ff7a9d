// /metrics in Prometheus text format. With METRICS_TOKEN set it requires "Authorization: Bearer
// <token>"; production without one answers 403 here (workers' METRICS_PORT stays open).
import { scrape } from "../delivery/metrics.server";

export const loader = async ({ request }: { request: Request }) => {
  const { status, type, body } = await scrape(request.headers.get("authorization"), { publicPort: true });
  return new Response(body, { status, headers: { "Content-Type": type } });
};
