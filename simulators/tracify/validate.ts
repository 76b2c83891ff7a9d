// The per-event contract of Tracify's events API, as strictly as we read the documentation.
const HEX64 = /^[0-9a-f]{64}$/;
const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/;
const DATETIME = /^(\d{4})-(\d{2})-(\d{2}) (\d{2}):(\d{2}):(\d{2})$/;
const TYPES = ["pageview", "productview", "addtocart", "purchase", "conversion"];

export interface Problem {
  field: string;
  error: string;
}

const isObject = (v: unknown): v is Record<string, unknown> => typeof v === "object" && v !== null && !Array.isArray(v);
const nonEmpty = (v: unknown) => typeof v === "string" && v.trim() !== "";

function absoluteUrl(v: unknown): boolean {
  if (typeof v !== "string") return false;
  try {
    return ["http:", "https:"].includes(new URL(v).protocol);
  } catch {
    return false;
  }
}

/** A real calendar time: "2024-02-30 10:00:00" fails the round trip. */
function validDatetime(v: unknown): boolean {
  if (typeof v !== "string" || !DATETIME.test(v)) return false;
  const d = new Date(`${v.replace(" ", "T")}Z`);
  return !Number.isNaN(d.getTime()) && d.toISOString().slice(0, 19) === v.replace(" ", "T");
}

function identityProblem(identity: unknown): string | null {
  if (!isObject(identity)) return "must be an object of hashed identities";
  const classes = new Set<unknown>();
  for (const [key, value] of Object.entries(identity)) {
    if (!HEX64.test(key)) return "every key must be a 64-character lowercase hex hash (anonymize before sending)";
    if (typeof value !== "number" || ![1, 2, 3, 4].includes(value)) return "every value must be 1, 2, 3 or 4";
    classes.add(value);
  }
  if (!classes.has(3)) return "the anonymized IP address (class 3) is required";
  if (!classes.has(4)) return "the anonymized user agent (class 4) is required";
  return null;
}

function moneyProblems(data: Record<string, unknown>, idField: string): Problem | null {
  if (!nonEmpty(data[idField])) return { field: `data.${idField}`, error: "is required" };
  if (typeof data.currency !== "string" || !/^[A-Z]{3}$/.test(data.currency)) return { field: "data.currency", error: "must be a 3-letter ISO 4217 code" };
  if (typeof data.amount !== "string" || !/^\d+\.\d{2}$/.test(data.amount)) return { field: "data.amount", error: "must be a string with 2 decimals, e.g. \"100.00\"" };
  return null;
}

export function validateEvent(e: unknown, knownSites: readonly string[]): Problem | null {
  if (!isObject(e)) return { field: "", error: "must be an object" };
  if (!absoluteUrl(e.url)) return { field: "url", error: "must be a full URL (domain + path)" };
  if (typeof e.customer_site_id !== "string" || !UUID.test(e.customer_site_id)) return { field: "customer_site_id", error: "must be a UUID" };
  if (!knownSites.includes(e.customer_site_id)) return { field: "customer_site_id", error: "is not a site of this account" };
  const identity = identityProblem(e.identity_data);
  if (identity) return { field: "identity_data", error: identity };
  if (!validDatetime(e.datetime)) return { field: "datetime", error: "must be \"YYYY-MM-DD HH:MM:SS\" in UTC" };
  if (typeof e.type !== "string" || !TYPES.includes(e.type)) return { field: "type", error: `must be one of ${TYPES.join(", ")}` };
  if (!isObject(e.data)) return { field: "data", error: "must be an object" };
  const badValue = Object.entries(e.data).find(([, v]) => typeof v !== "string");
  if (badValue) return { field: `data.${badValue[0]}`, error: "must be a string" };
  if (!absoluteUrl(e.data.origin)) return { field: "data.origin", error: "is required: the website's origin, e.g. https://www.example.com" };
  if (e.type === "purchase") return moneyProblems(e.data, "order_id");
  if (e.type === "conversion") return moneyProblems(e.data, "conversion_id");
  return null;
}
