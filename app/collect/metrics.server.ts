// Collect endpoint counters beside the delivery metrics, on the same /metrics registry.
import client from "prom-client";
import { registry } from "../delivery/metrics.server";

const requests = new client.Counter({ name: "conduit_collect_requests_total", help: "Collect requests by answer status", labelNames: ["status"], registers: [registry] });
const events = new client.Counter({ name: "conduit_collect_events_total", help: "Collected events by outcome", labelNames: ["outcome"], registers: [registry] });
const noConsent = new client.Counter({
  name: "conduit_collect_without_consent_total",
  help: "Collected events kept from a vendor because the visitor's consent did not cover it",
  labelNames: ["vendor"],
  registers: [registry],
});

export const collectMetrics = {
  request: (status: number) => requests.inc({ status: String(status) }),
  events: (counts: Record<string, number>) => {
    for (const [outcome, n] of Object.entries(counts)) if (n > 0) events.inc({ outcome }, n);
  },
  withoutConsent: (vendor: string, n: number) => noConsent.inc({ vendor }, n),
};
