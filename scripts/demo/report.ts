// What the demo prints at the end: per vendor, what Conduit says it delivered, rejected and
// skipped (with reasons), beside what the vendor simulator actually holds — and whether they agree.
import type { PrismaClient } from "../../node_modules/.conduit/prisma-sqlite/index.js";
import type { VendorSimulators } from "../../simulators";

type Counts = Record<string, number>;

/** Distinct entities per kind, as held by each simulator. */
function simulatorHolds(sims: VendorSimulators): Record<string, Counts> {
  const { metrilo, ometria, tracktor, tracify } = sims.defs;
  return {
    metrilo: { customer: metrilo.customers.size, category: metrilo.categories.size, product: metrilo.products.size, order: metrilo.orders.size },
    ometria: {
      customer: ometria.contacts.size,
      product: [...ometria.products.values()].filter((p) => !(p as { is_variant?: boolean }).is_variant).length,
      order: ometria.orders.size,
    },
    tracktor: { customer: tracktor.people.size, order: new Set(tracktor.events.map((e) => String((e.data as { order_id?: unknown }).order_id))).size },
    tracify: { order: tracify.purchases.size },
  };
}

export async function report(db: PrismaClient, sims: VendorSimulators, out: (line: string) => void): Promise<boolean> {
  const holds = simulatorHolds(sims);
  let allAgree = true;
  for (const vendor of Object.keys(holds)) {
    const rows = await db.delivery.findMany({ where: { vendor }, orderBy: { createdAt: "asc" } });
    const delivered: Record<string, Set<string>> = {};
    for (const r of rows.filter((r) => r.status === "delivered")) (delivered[r.kind] ??= new Set()).add(r.entityId);
    const count = (status: string) => rows.filter((r) => r.status === status).length;
    out(`\n${vendor}: ${count("delivered")} delivered, ${count("rejected")} rejected, ${count("skipped")} skipped, ${count("dead")} dead, ${count("pending") + count("retrying")} still waiting`);
    for (const r of rows.filter((r) => r.status === "rejected" || r.status === "skipped")) {
      out(`  ${r.status.padEnd(8)} ${r.topic.padEnd(17)} ${r.kind} ${r.entityId}: ${r.lastError}`);
    }
    for (const [kind, held] of Object.entries(holds[vendor])) {
      const sent = delivered[kind]?.size ?? 0;
      // Metrilo also holds customers and products upserted from orders (so it keeps those orders).
      const agree = kind === "order" ? sent === held : held >= sent;
      allAgree &&= agree;
      const extra = held > sent ? ` (+${held - sent} upserted from orders so the vendor keeps them)` : "";
      out(`  ${agree ? "✓" : "✗"} ${kind.padEnd(9)} Conduit delivered ${sent}, ${vendor} holds ${held}${extra}`);
    }
  }
  const dropped = sims.defs.metrilo.dropped.length + sims.defs.tracify.duplicates.length;
  if (dropped) out(`\n✗ ${dropped} record(s) silently dropped or duplicated at a vendor`);
  return allAgree && dropped === 0;
}
