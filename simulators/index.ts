// All four vendors on loopback with known credentials: what the end-to-end tests, `npm run demo`
// and the benchmarks connect a shop to.
import { startSimulator, type Simulator } from "./base";
import { createMetriloSimulator } from "./metrilo";
import { createOmetriaSimulator } from "./ometria";
import { createTracktorSimulator } from "./tracktor";
import { createTracifySimulator } from "./tracify";

export const SIM_CREDENTIALS = {
  metrilo: { apiToken: "sh0p-t0k3n", apiSecret: "m3trilo-secr3t" },
  ometria: { apiKey: "sim-ometria-key", accountId: "simaccount01", headlessKey: "sim-headless-key", headlessSecret: "sim-headless-secret" },
  tracktor: { token: "sim-tracktor-token", signatureSecret: "2D8CarQ4rX3WvH6TK7DpJDk5" },
  tracify: { apiKey: "sim-tracify-key", customerSiteId: "3f2b8c1e-4d5a-4e6f-8a9b-0c1d2e3f4a5b" },
} as const;

export async function startVendorSimulators() {
  const defs = {
    metrilo: createMetriloSimulator({ token: SIM_CREDENTIALS.metrilo.apiToken, secret: SIM_CREDENTIALS.metrilo.apiSecret }),
    ometria: createOmetriaSimulator({ apiKey: SIM_CREDENTIALS.ometria.apiKey }),
    tracktor: createTracktorSimulator({ token: SIM_CREDENTIALS.tracktor.token, signatureSecret: SIM_CREDENTIALS.tracktor.signatureSecret, requireSigned: true }),
    tracify: createTracifySimulator({ apiKey: SIM_CREDENTIALS.tracify.apiKey, customerSiteIds: [SIM_CREDENTIALS.tracify.customerSiteId] }),
  };
  const servers = {
    metrilo: await startSimulator(defs.metrilo),
    ometria: await startSimulator(defs.ometria),
    tracktor: await startSimulator(defs.tracktor),
    tracify: await startSimulator(defs.tracify),
  };
  return {
    defs,
    servers,
    /** The environment that points Conduit at these simulators. */
    env: {
      METRILO_API_URL: servers.metrilo.url,
      OMETRIA_API_URL: servers.ometria.url,
      OMETRIA_HEADLESS_API_URL: servers.ometria.url,
      TRACKTOR_API_URL: servers.tracktor.url,
      TRACIFY_API_URL: servers.tracify.url,
    },
    close: () => Promise.all(Object.values(servers).map((s: Simulator) => s.close())).then(() => undefined),
  };
}

export type VendorSimulators = Awaited<ReturnType<typeof startVendorSimulators>>;
