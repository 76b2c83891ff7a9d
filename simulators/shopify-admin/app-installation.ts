// The app's own installation on the stand-in's shop: `currentAppInstallation { id }` and the
// `metafieldsSet` mutation Conduit publishes its storefront settings with, checked the way Shopify
// checks them (known owner, namespace and key lengths, a type, valid JSON for `json`) and atomic:
// one bad input and nothing is written.
import type { Operation } from "./store";

export const APP_INSTALLATION_ID = "gid://shopify/AppInstallation/7001";

export interface StoredMetafield {
  id: string;
  ownerId: string;
  namespace: string;
  key: string;
  type: string;
  value: string;
}

interface UserError {
  field: string[];
  message: string;
  code: string;
}

function check(input: Record<string, unknown>, i: number): UserError | null {
  const at = (name: string) => ["metafields", String(i), name];
  const { ownerId, namespace, key, type, value } = input;
  if (ownerId !== APP_INSTALLATION_ID) return { field: at("ownerId"), message: "Owner does not exist.", code: "INVALID" };
  if (typeof namespace !== "string" || namespace.length < 3 || namespace.length > 255) return { field: at("namespace"), message: "Namespace must be 3 to 255 characters.", code: "INVALID" };
  if (typeof key !== "string" || key.length < 2 || key.length > 64) return { field: at("key"), message: "Key must be 2 to 64 characters.", code: "INVALID" };
  if (typeof type !== "string") return { field: at("type"), message: "Type can't be blank.", code: "BLANK" };
  if (typeof value !== "string") return { field: at("value"), message: "Value can't be blank.", code: "BLANK" };
  if (type === "json") {
    try {
      JSON.parse(value);
    } catch {
      return { field: at("value"), message: "Value is invalid JSON.", code: "INVALID_VALUE" };
    }
  }
  return null;
}

export function appInstallation() {
  const metafields = new Map<string, StoredMetafield>();
  let nextId = 1;

  const metafieldsSet: Operation = {
    requested: 10,
    answer: (_store, vars) => {
      const inputs = Array.isArray(vars.metafields) ? (vars.metafields as Record<string, unknown>[]) : [];
      const userErrors = inputs.length > 25
        ? [{ field: ["metafields"], message: "Exceeded the maximum metafields input limit of 25.", code: "LESS_THAN_OR_EQUAL_TO" }]
        : inputs.map(check).filter((e): e is UserError => e !== null);
      if (userErrors.length) return { data: { metafieldsSet: { metafields: [], userErrors } }, actual: 10 };
      const written = inputs.map((m) => {
        const path = `${m.namespace}.${m.key}`;
        const stored = { id: metafields.get(path)?.id ?? `gid://shopify/Metafield/${nextId++}`, ...(m as Omit<StoredMetafield, "id">) };
        metafields.set(path, stored);
        return { id: stored.id, namespace: stored.namespace, key: stored.key, type: stored.type, value: stored.value };
      });
      return { data: { metafieldsSet: { metafields: written, userErrors: [] } }, actual: 10 };
    },
  };

  return {
    /** Keyed by the operation names Conduit sends, like the rest of the stand-in. */
    operations: <Record<string, Operation>>{
      AppInstallationId: { requested: 1, answer: () => ({ data: { currentAppInstallation: { id: APP_INSTALLATION_ID } }, actual: 1 }) },
      SetStorefrontMetafield: metafieldsSet,
    },
    metafield: (namespace: string, key: string) => metafields.get(`${namespace}.${key}`),
    reset: () => metafields.clear(),
  };
}
