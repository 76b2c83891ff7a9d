// What the benchmark sends. Many shops on Metrilo (no documented rate limit, so the engine is the
// limit), and one shop on the three paced vendors with a slice sized to their pace: the simulators
// enforce one account's limit, as the real vendors do, so more traffic there would only measure
// waiting. Each customer, product and order is a new entity; orders name their own customer and
// product, sent around the same time in whatever order concurrent senders produce.
import { customer, order, product, type Hook } from "../test/support/entities";

export interface Send {
  shop: string;
  hook: Hook;
}

export const PACED_SHOP = "bench-paced.myshopify.com";
export const PACED_VENDORS = ["ometria", "tracify", "tracktor"] as const;
/** Webhooks for the paced shop per phase (Ometria, Tracify and Tracktor.io connected). */
export const PACED_WEBHOOKS = 45;

export const metriloShop = (i: number) => `bench-${String(i + 1).padStart(2, "0")}.myshopify.com`;

/** `total` webhooks whose entities are numbered from `first` up, so phases never repeat one. */
export function workload(total: number, shops: number, first: number): Send[] {
  const sends: Send[] = [];
  const triplet = (shop: string, n: number) => [customer(n), product(n), order(n)].map((hook) => ({ shop, hook }));
  let n = first;
  while (sends.length < PACED_WEBHOOKS) sends.push(...triplet(PACED_SHOP, n++));
  while (sends.length < total) sends.push(...triplet(metriloShop(n % shops), n++));
  return sends.slice(0, total);
}
