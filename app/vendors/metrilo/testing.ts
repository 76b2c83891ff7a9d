// Test support: a Metrilo context over an in-memory sync state, delivery items, and the contract
// check every request body must pass (the vendor's OpenAPI schema plus the X-Digest signature).
import { createHmac } from "node:crypto";
import { readFileSync } from "node:fs";
import Ajv from "ajv";
import { parse } from "yaml";
import type { LoggedRequest } from "../../../simulators/base";
import { testContext } from "../testing";
import type { MetriloSettings } from "./settings";

export const TOKEN = "sh0p-t0k3n";
export const SECRET = "m3trilo-secr3t";
export const NOW = new Date("2026-11-03T08:00:00Z");

export { memoryState, deliveryItem as item } from "../testing";

export function metriloCtx(baseUrl: string, settings: Partial<MetriloSettings> = {}) {
  return testContext<MetriloSettings>({ apiToken: TOKEN, apiSecret: SECRET, ...settings }, baseUrl, { now: () => NOW });
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
