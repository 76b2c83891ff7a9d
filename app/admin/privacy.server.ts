// The Privacy page: the consent each connected vendor's storefront tracking waits for, and the
// data requests and redactions Shopify sent, with what Conduit reported holding.
import prisma from "../db.server";
import { vendors } from "../vendors";
import { CONSENT_MODES, consentOf, type ConsentMode } from "./consent";

export async function consentView(shopId: string | null) {
  const connections = shopId ? await prisma.vendorConnection.findMany({ where: { shopId }, select: { vendor: true, sendOptions: true } }) : [];
  return vendors
    .filter((v) => v.sendOptions.includes("storefront") || v.sendOptions.includes("serverEvents"))
    .map((v) => {
      const conn = connections.find((c) => c.vendor === v.id);
      return { id: v.id, name: v.name, connected: Boolean(conn), consent: conn ? consentOf(conn.sendOptions) : null };
    });
}

/**
 * Written straight into the sendOptions JSON rather than through connect(): a consent change is
 * not new credentials, so it must not resume a connection that needs attention.
 */
export async function saveConsent(shopId: string, form: FormData): Promise<number> {
  const connections = await prisma.vendorConnection.findMany({ where: { shopId } });
  let changed = 0;
  for (const conn of connections) {
    const mode = CONSENT_MODES.find((m) => m === form.get(`consent.${conn.vendor}`)) as ConsentMode | undefined;
    if (!mode || mode === consentOf(conn.sendOptions)) continue;
    const sendOptions = JSON.stringify({ ...JSON.parse(conn.sendOptions), consent: mode });
    await prisma.vendorConnection.update({ where: { id: conn.id }, data: { sendOptions } });
    changed++;
  }
  return changed;
}

/** customers/data_request reports what is held; customers/redact what was erased. */
interface Report {
  storedEvents?: { topic: string }[];
  deliveriesByVendor?: Record<string, Record<string, number>>;
  erasedEvents?: number;
  erasedDeliveries?: number;
}

const plural = (n: number, one: string, many = `${one}s`) => `${n} ${n === 1 ? one : many}`;

/** One line a merchant can read instead of the raw report JSON. */
function summarise(report: string | null): string | null {
  if (!report) return null;
  try {
    const r = JSON.parse(report) as Report;
    if (r.erasedEvents !== undefined) {
      return `Erased from ${plural(r.erasedEvents, "stored Shopify event")} and ${plural(r.erasedDeliveries ?? 0, "delivery", "deliveries")}`;
    }
    const byVendor = Object.entries(r.deliveriesByVendor ?? {}).map(
      ([vendor, counts]) => `${vendors.find((v) => v.id === vendor)?.name ?? vendor}: ${plural(Object.values(counts).reduce((a, b) => a + b, 0), "delivery", "deliveries")}`,
    );
    return [`Holds ${plural(r.storedEvents?.length ?? 0, "stored Shopify event")}`, ...byVendor].join(" · ");
  } catch {
    return report;
  }
}

export async function privacyRequests(shopId: string | null) {
  if (!shopId) return [];
  const rows = await prisma.privacyRequest.findMany({ where: { shopId }, orderBy: { receivedAt: "desc" }, take: 100 });
  return rows.map((r) => ({
    id: r.id,
    topic: r.topic,
    customerId: r.customerId,
    email: r.email,
    status: r.status,
    receivedAt: r.receivedAt,
    completedAt: r.completedAt,
    // The summary, not the raw report: a redaction's report holds the email's digest, which the page has no use for.
    summary: summarise(r.report),
  }));
}
