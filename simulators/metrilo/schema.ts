// Metrilo's record contracts (OpenAPI 2.1.1) as compact shapes, and a checker whose messages name
// the offending field the way a 400 from Metrilo would.
type Type = "string" | "integer" | "number" | "boolean" | "string[]" | Shape | [Shape];
/** A key ending in "?" is optional. */
export type Shape = { [key: string]: Type };

const customer: Shape = {
  email: "string", createdAt: "integer", "firstName?": "string", "lastName?": "string", "subscribed?": "boolean", "tags?": "string[]",
};
const option: Shape = { id: "string", name: "string", price: "number", "sku?": "string", "imageUrl?": "string" };
const billing: Shape = {
  "firstName?": "string", "lastName?": "string", "address?": "string", "city?": "string",
  "countryCode?": "string", "phone?": "string", "postcode?": "string", "paymentMethod?": "string",
};

export const shapes = {
  customer,
  /** The spec requires createdAt on tag/untag too, though the guide's examples leave it out. */
  tagging: { email: "string", createdAt: "integer", tags: "string[]" } as Shape,
  category: { id: "string", name: "string", "url?": "string" } as Shape,
  product: {
    id: "string", name: "string", "price?": "number", "url?": "string", "imageUrl?": "string", "sku?": "string",
    "categories?": "string[]", "options?": [option],
  } as Shape,
  order: {
    id: "string", createdAt: "integer", amount: "number", status: "string",
    products: [{ productId: "string", quantity: "number" }], "email?": "string", "coupons?": "string[]",
    "billing?": billing, "ipAddress?": "string",
  } as Shape,
};

const isObject = (v: unknown): v is Record<string, unknown> => typeof v === "object" && v !== null && !Array.isArray(v);

function checkType(value: unknown, type: Type, at: string): string | null {
  if (type === "string") return typeof value === "string" ? null : `${at} must be a string`;
  if (type === "integer") return Number.isInteger(value) ? null : `${at} must be an integer`;
  if (type === "number") return typeof value === "number" && Number.isFinite(value) ? null : `${at} must be a number`;
  if (type === "boolean") return typeof value === "boolean" ? null : `${at} must be a boolean`;
  if (type === "string[]") {
    if (!Array.isArray(value)) return `${at} must be an array of strings`;
    const i = value.findIndex((v) => typeof v !== "string");
    return i < 0 ? null : `${at}[${i}] must be a string`;
  }
  if (Array.isArray(type)) {
    if (!Array.isArray(value)) return `${at} must be an array`;
    for (const [i, v] of value.entries()) {
      const error = checkType(v, type[0], `${at}[${i}]`);
      if (error) return error;
    }
    return null;
  }
  return check(value, type, at);
}

/** The first contract violation in `value`, or null. */
export function check(value: unknown, shape: Shape, at: string): string | null {
  if (!isObject(value)) return `${at} must be an object`;
  for (const [spec, type] of Object.entries(shape)) {
    const optional = spec.endsWith("?");
    const key = optional ? spec.slice(0, -1) : spec;
    if (value[key] === undefined) {
      if (optional) continue;
      return `${at}.${key} is required`;
    }
    const error = checkType(value[key], type, `${at}.${key}`);
    if (error) return error;
  }
  return null;
}
