// Ometria's per-record rules for the push API: what makes a record refused (counted in `rejected`
// and listed in /v2/push/_errors) rather than stored.
export type RecordType = "contact" | "product" | "order";
export const RECORD_TYPES: readonly RecordType[] = ["contact", "product", "order"];
export const MAX_RECORD_BYTES = 60 * 1024;

type Kind = "string" | "number" | "boolean" | "datetime" | "object" | "currency" | "optin" | "lineitems";

const ISO_8601 = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}(:\d{2}(\.\d+)?)?(Z|[+-]\d{2}:?\d{2})$/;
const OPTIN = ["EXPLICITLY_OPTEDIN", "NOT_SPECIFIED", "EXPLICITLY_OPTEDOUT"];

const FIELDS: Record<RecordType, Record<string, Kind>> = {
  contact: {
    email: "string", customer_id: "string", firstname: "string", lastname: "string",
    marketing_optin: "optin", timestamp_acquired: "datetime", timestamp_subscribed: "datetime",
  },
  product: {
    title: "string", sku: "string", price: "number", url: "string", image_url: "string",
    is_active: "boolean", is_variant: "boolean", parent_id: "string",
  },
  order: {
    timestamp: "datetime", grand_total: "number", subtotal: "number", discount: "number", shipping: "number",
    tax: "number", currency: "currency", status: "string", is_valid: "boolean", customer: "object",
    ip_address: "string", channel: "string", store: "string", payment_method: "string", shipping_method: "string",
    billing_address: "object", shipping_address: "object", coupon_code: "string", lineitems: "lineitems",
  },
};

const LINEITEM: Record<string, Kind> = {
  product_id: "string", variant_id: "string", sku: "string", quantity: "number", unit_price: "number",
  subtotal: "number", tax: "number", total: "number", discount: "number", quantity_refunded: "number", refunded: "number",
};

/** Fields a brand-new record must carry; a record for a known id may be partial and is merged. */
function missingRequired(type: RecordType, r: Record<string, unknown>): string | null {
  const absent = (k: string) => r[k] === undefined || r[k] === null;
  if (type === "contact") return absent("email") && absent("customer_id") ? "email or customer_id" : null;
  const required = type === "product" ? ["title", "price"] : ["timestamp", "grand_total", "currency"];
  return required.find(absent) ?? null;
}

function typeError(kind: Kind, value: unknown): string | null {
  switch (kind) {
    case "string": return typeof value === "string" ? null : "must be a string";
    case "number": return typeof value === "number" && Number.isFinite(value) ? null : "must be a number";
    case "boolean": return typeof value === "boolean" ? null : "must be true or false";
    case "object": return typeof value === "object" && !Array.isArray(value) ? null : "must be an object";
    case "datetime":
      return typeof value === "string" && ISO_8601.test(value) && !Number.isNaN(Date.parse(value))
        ? null : "must be an ISO 8601 date-time";
    case "currency": return typeof value === "string" && /^[A-Z]{3}$/.test(value) ? null : "must be a 3-letter ISO 4217 code";
    case "optin": return OPTIN.includes(value as string) ? null : `must be one of ${OPTIN.join(", ")}`;
    case "lineitems": {
      if (!Array.isArray(value)) return "must be an array";
      for (const [i, line] of value.entries()) {
        if (typeof line !== "object" || line === null) return `[${i}] must be an object`;
        const bad = checkFields(LINEITEM, line as Record<string, unknown>);
        if (bad) return `[${i}].${bad}`;
      }
      return null;
    }
  }
}

/** `null` and absent both mean "not given"; anything else must have the documented type. */
function checkFields(fields: Record<string, Kind>, r: Record<string, unknown>): string | null {
  for (const [key, kind] of Object.entries(fields)) {
    if (r[key] === undefined || r[key] === null) continue;
    const err = typeError(kind, r[key]);
    if (err) return err.startsWith("[") ? `${key}${err}` : `${key} ${err}`;
  }
  return null;
}

/** Why Ometria refuses this record, naming the field; null when it is accepted. */
export function recordProblem(raw: unknown, exists: (type: RecordType, id: string) => boolean): string | null {
  if (typeof raw !== "object" || raw === null || Array.isArray(raw)) return "record must be a JSON object";
  const bytes = Buffer.byteLength(JSON.stringify(raw));
  if (bytes > MAX_RECORD_BYTES) return `record is ${bytes} bytes; the limit is ${MAX_RECORD_BYTES} bytes`;
  const r = raw as Record<string, unknown>;
  const type = r["@type"];
  if (!RECORD_TYPES.includes(type as RecordType)) return `@type must be one of ${RECORD_TYPES.join(", ")}`;
  if (typeof r.id !== "string" || r.id === "") return "id is required and must be a non-empty string";
  if (!exists(type as RecordType, r.id)) {
    const missing = missingRequired(type as RecordType, r);
    if (missing) return `${missing} is required for a new ${type}`;
  }
  return checkFields(FIELDS[type as RecordType], r);
}
