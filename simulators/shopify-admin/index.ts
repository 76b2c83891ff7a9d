// Stand-in for the Shopify Admin GraphQL API, answering the few queries Conduit sends (matched by
// operation name) for one seeded shop, with Shopify's auth failure and cost-based throttling.
import type { SimRequest, SimResponse, SimulatorDefinition } from "../base";
import { appInstallation, type StoredMetafield } from "./app-installation";
import { bulkOperations, type BulkOperations } from "./bulk";
import { costBucket, type ThrottleStatus } from "./cost-bucket";
import { RECORD_OPERATIONS } from "./records";
import { emptyStore, OPERATIONS, type AdminSeed, type AdminStore } from "./store";
import { liveTheme, type LiveTheme } from "./themes";
import { webPixelStandIn, type StoredPixel } from "./web-pixel";

export type { AdminSeed } from "./store";
export const ADMIN_API_VERSION = "2026-10";
export const GRAPHQL_PATH = `/admin/api/${ADMIN_API_VERSION}/graphql.json`;
export const INVALID_TOKEN = "[API] Invalid API key or access token (unrecognized login or wrong password)";

export interface ShopifyAdminSimulator extends SimulatorDefinition {
  /** Replaces what the shop holds (kept across reset()). */
  seed(data: AdminSeed): void;
  /** Changes the cost bucket, e.g. `{ currentlyAvailable: 0, restoreRate: 0 }` to throttle everything. */
  setBucket(change: Partial<ThrottleStatus>): void;
  /** What the app last wrote to its installation's metafield `namespace.key`. */
  metafield(namespace: string, key: string): StoredMetafield | undefined;
  /** Replaces the live theme (its settings_data.json says which app embeds are on); null: none. */
  setLiveTheme(theme: LiveTheme | null): void;
  /** The app's Web Pixel, if created, and the pixel mutations that changed it. */
  webPixel(): StoredPixel | null;
  webPixelHistory: readonly string[];
  /** Bulk operations: the generated store they read, failures and expired URLs on demand. */
  bulk: BulkOperations;
}

const graphqlError = (message: string, code: string, cost?: object): SimResponse => ({
  status: 200,
  body: { errors: [{ message, extensions: { code } }], ...(cost && { extensions: { cost } }) },
});

export function createShopifyAdminSimulator(opts: { accessToken: string; seed?: AdminSeed }): ShopifyAdminSimulator {
  let seeded: AdminStore = { ...emptyStore(), ...opts.seed };
  const bucket = costBucket();
  const installation = appInstallation();
  const theme = liveTheme();
  const pixels = webPixelStandIn();
  // Bulk result URLs point back at this server, as the request reached it.
  let host = "127.0.0.1";
  const bulk = bulkOperations(() => `http://${host}`);

  function handle(req: SimRequest): SimResponse {
    host = req.headers.host ?? host;
    if (req.method === "GET" && req.path.startsWith("/_bulk/")) return bulk.download(req);
    if (req.method !== "POST" || req.path !== GRAPHQL_PATH) return { status: 404, body: { errors: "Not Found" } };
    if (req.headers["x-shopify-access-token"] !== opts.accessToken) return { status: 401, body: { errors: INVALID_TOKEN } };
    let body: { query?: unknown; variables?: Record<string, unknown> };
    try {
      body = JSON.parse(req.text);
    } catch {
      return { status: 400, body: { errors: { query: "Required parameter missing or invalid" } } };
    }
    const name = /^\s*(?:query|mutation)\s+(\w+)/.exec(String(body.query ?? ""))?.[1] ?? "";
    const operation =
      OPERATIONS[name] ?? RECORD_OPERATIONS[name] ?? installation.operations[name] ?? theme.operations[name] ?? pixels.operations[name] ?? bulk.operations[name];
    if (!operation) return graphqlError(`No operation named '${name}' is known to this stand-in`, "undefinedOperation");
    const cost = (actual: number | null) => ({
      requestedQueryCost: operation.requested,
      actualQueryCost: actual,
      throttleStatus: bucket.status(),
    });
    if (!bucket.fits(operation.requested)) return graphqlError("Throttled", "THROTTLED", cost(null));
    const denied = bulk.denied(name);
    if (denied) return graphqlError(denied.message, denied.code, cost(null));
    let answer: ReturnType<typeof operation.answer>;
    try {
      answer = operation.answer(seeded, body.variables ?? {});
    } catch {
      return graphqlError("Invalid cursor for current pagination sort.", "BAD_USER_INPUT");
    }
    bucket.charge(answer.actual);
    return { status: 200, body: { data: answer.data, extensions: { cost: cost(answer.actual) } } };
  }

  return {
    name: "shopify-admin",
    handle,
    seed(data) {
      seeded = { ...emptyStore(), ...data };
    },
    setBucket: bucket.set,
    metafield: installation.metafield,
    setLiveTheme: theme.set,
    webPixel: pixels.pixel,
    webPixelHistory: pixels.history,
    bulk,
    state: () => ({
      shop: seeded.shop,
      counts: Object.fromEntries((["products", "collections", "orders", "customers"] as const).map((k) => [k, seeded[k].length])),
      throttleStatus: bucket.status(),
      bulkOperations: bulk.list(),
    }),
    reset() {
      bulk.reset();
      bucket.reset();
      installation.reset();
      theme.reset();
      pixels.reset();
    },
  };
}
