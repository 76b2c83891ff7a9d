// /metrics in Prometheus text format. Protect it at the proxy, or set METRICS_TOKEN to require
// "Authorization: Bearer <token>".
import { registry } from "../delivery/metrics.server";

export const loader = async ({ request }: { request: Request }) => {
  const token = process.env.METRICS_TOKEN;
  if (token && request.headers.get("authorization") !== `Bearer ${token}`) {
    return new Response("unauthorized", { status: 401 });
  }
  return new Response(await registry.metrics(), { headers: { "Content-Type": registry.contentType } });
};
