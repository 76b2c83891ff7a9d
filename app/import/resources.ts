// The four resources an import reads, in the order Metrilo needs them (customers, then categories,
// then products, then the orders that name them), with the bulk query for each and where each kind
// of `__parentId` child belongs in its parent.
import type { EntityKind } from "../domain/types";

export const RESOURCES = ["customers", "collections", "products", "orders"] as const;
export type Resource = (typeof RESOURCES)[number];

export const KIND: Record<Resource, EntityKind> = { customers: "customer", collections: "category", products: "product", orders: "order" };

/** The outbox topic of an imported record: under its webhook family, never one Shopify sends. */
export const IMPORT_TOPIC: Record<Resource, string> = {
  customers: "customers/import",
  collections: "collections/import",
  products: "products/import",
  orders: "orders/import",
};
export const IMPORT_TOPICS = Object.values(IMPORT_TOPIC);
export const resourceOfTopic = (topic: string) => RESOURCES.find((r) => IMPORT_TOPIC[r] === topic);

/** `--resource a,b`: known names, kept in import order. */
export function parseResources(value: string | undefined): Resource[] {
  if (!value) return [...RESOURCES];
  const asked = value.split(",").map((s) => s.trim()).filter(Boolean);
  const unknown = asked.find((r) => !(RESOURCES as readonly string[]).includes(r));
  if (unknown !== undefined) throw new Error(`unknown resource "${unknown}" (one of ${RESOURCES.join(", ")})`);
  return RESOURCES.filter((r) => asked.includes(r));
}

// A child line's type: its `__typename` when the query selected it, else its global id's type.
const CHILD_FIELD: Record<string, string> = {
  LineItem: "lineItems",
  ShippingLine: "shippingLines",
  DiscountCodeApplication: "discountApplications",
  AutomaticDiscountApplication: "discountApplications",
  ManualDiscountApplication: "discountApplications",
  ScriptDiscountApplication: "discountApplications",
  ProductVariant: "variants",
  Collection: "collections",
};
/** The connections each resource's node has: present (maybe empty) after assembly. */
export const CONNECTIONS: Record<Resource, string[]> = {
  customers: [],
  collections: [],
  products: ["variants", "collections"],
  orders: ["lineItems", "shippingLines", "discountApplications"],
};

export function childField(line: Record<string, unknown>): string | undefined {
  const type = typeof line.__typename === "string" ? line.__typename : /^gid:\/\/shopify\/(\w+)\//.exec(String(line.id ?? ""))?.[1];
  return type ? CHILD_FIELD[type] : undefined;
}

const MONEY = `shopMoney { amount currencyCode }`;
const ADDRESS = `firstName lastName company address1 address2 city province zip countryCodeV2 phone`;
const EMAIL = `defaultEmailAddress { emailAddress marketingState marketingUpdatedAt }`;
const ALLOCATIONS = `discountAllocations { allocatedAmountSet { ${MONEY} } discountApplication { index } }`;

/**
 * The bulk queries: the Reconcile* selections with connections unpaged (a bulk query reads them
 * whole) and refunds without their nested connections — Shopify refuses a connection inside a
 * list field in a bulk query, so a refund brings its total only.
 */
export function bulkQuery(resource: Resource, since?: Date): string {
  const filter = since ? `(query: "updated_at:>'${since.toISOString()}'")` : "";
  const body: Record<Resource, string> = {
    customers: `id firstName lastName createdAt updatedAt tags ${EMAIL} defaultPhoneNumber { phoneNumber } defaultAddress { ${ADDRESS} }`,
    collections: `id title handle updatedAt`,
    products: `id title handle status vendor productType tags createdAt updatedAt featuredMedia { preview { image { url } } }
      collections { edges { node { id } } }
      variants { edges { node { id title sku price compareAtPrice position updatedAt } } }`,
    orders: `id name email phone createdAt updatedAt processedAt cancelledAt cancelReason closedAt currencyCode
      customer { id firstName lastName createdAt tags ${EMAIL} }
      totalPriceSet { ${MONEY} } subtotalPriceSet { ${MONEY} } totalTaxSet { ${MONEY} } totalDiscountsSet { ${MONEY} } totalShippingPriceSet { ${MONEY} }
      displayFinancialStatus displayFulfillmentStatus
      discountApplications { edges { node { __typename index targetType value { __typename } ... on DiscountCodeApplication { code } } } }
      lineItems { edges { node { __typename id sku title variantTitle quantity product { id } variant { id } originalUnitPriceSet { ${MONEY} } ${ALLOCATIONS} taxLines { priceSet { ${MONEY} } } } } }
      shippingLines { edges { node { __typename title originalPriceSet { ${MONEY} } ${ALLOCATIONS} } } }
      refunds { id createdAt note totalRefundedSet { ${MONEY} } }
      billingAddress { ${ADDRESS} } shippingAddress { ${ADDRESS} } clientIp
      customerJourneySummary { firstVisit { landingPage referrerUrl } } paymentGatewayNames tags test`,
  };
  return `{ ${resource}${filter} { edges { node { ${body[resource]} } } } }`;
}
