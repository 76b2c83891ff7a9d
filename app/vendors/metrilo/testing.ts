// Test support: a Metrilo context over an in-memory sync state, delivery items, and the contract
// check every request body must pass (the vendor's OpenAPI schema plus the X-Digest signature).
import { createHmac } from "node:crypto";
import { readFileSync } from "node:fs";
import Ajv from "ajv";
import { parse } from "yaml";
import { sampleShop } from "../../domain/samples";
import type { Entity } from "../../domain/types";
import type { LoggedRequest } from "../../../simulators/base";
import type { DeliveryItem, SyncStateEntry, SyncStateStore, VendorContext } from "../types";
import type { MetriloSettings } from "./settings";

export const TOKEN = "sh0p-t0k3n";
export const SECRET = "m3trilo-secr3t";
export const NOW = new Date("2026-11-03T08:00:00Z");

export function memoryState(): SyncStateStore & { entries: Map<string, SyncStateEntry> } {
  const entries = new Map<string, SyncStateEntry>();
  return {
    entries,
    get: async (scope, key) => entries.get(`${scope}|${key}`) ?? null,
    async set(scope, key, entry) {
      entries.set(`${scope}|${key}`, { updatedAt: entry.updatedAt ?? null, memo: entry.memo ?? null });
    },
  };
}

const quiet = { info() {}, warn() {}, error() {}, debug() {} };

export function metriloCtx(baseUrl: string, settings: Partial<MetriloSettings> = {}) {
  const ctx: VendorContext<MetriloSettings> & { state: ReturnType<typeof memoryState> } = {
    shop: sampleShop,
    settings: { apiToken: TOKEN, apiSecret: SECRET, ...settings },
    environment: "live",
    baseUrl,
    state: memoryState(),
    log: quiet,
    now: () => NOW,
  };
  return ctx;
}

let seq = 0;
export function item(entity: Entity): DeliveryItem {
  seq += 1;
  return { deliveryId: `d${seq}`, topic: `${entity.kind}s/update`, entity };
}

/** The OpenAPI document's schemas, with the batch bodies corrected to carry `batch` (see notes). */
function specValidators() {
  const doc = parse(readFileSync(new URL("./openapi-2.1.1.yml", import.meta.url), "utf8"));
  for (const name of ["orderBatchOperationObject", "productBatchOperationObject"]) {
    doc.components.schemas[name].allOf[1].required = ["batch"];
  }
  // strict: false lets the OpenAPI-only `example` keyword through.
  const ajv = new Ajv({ allErrors: true, strict: false });
  ajv.addSchema({ $id: "metrilo", components: doc.components });
  return (path: string) => {
    const [resource, action] = path.replace(/^\//, "").split("/");
    const kind = action ? `${resource}${action[0].toUpperCase()}${action.slice(1)}` : resource;
    return ajv.getSchema(`metrilo#/components/schemas/${kind}OperationObject`);
  };
}
const validatorFor = specValidators();

/** Problems with what Metrilo received: bodies outside the OpenAPI schema, or digests not HMAC(secret, body). */
export function contractViolations(requests: LoggedRequest[], secret = SECRET): string[] {
  return requests.flatMap((r) => {
    const validate = validatorFor(r.path);
    if (!validate) return [`${r.path}: no schema in the OpenAPI spec`];
    const problems = validate(JSON.parse(r.body)) ? [] : [`${r.path}: ${JSON.stringify(validate.errors)}`];
    const digest = createHmac("sha256", secret).update(r.body, "utf8").digest("hex");
    if (r.headers["x-digest"] !== digest) problems.push(`${r.path}: X-Digest is not HMAC-SHA256(secret, body)`);
    return problems;
  });
}
