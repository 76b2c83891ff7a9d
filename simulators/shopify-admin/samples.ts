// The sample shop as the Admin GraphQL API describes it: customer Ada, product "Linen shirt" and
// orders #1001 and #1002 of the webhook fixtures (test/fixtures/shopify), in their final state —
// Ada's order fulfilled and partly refunded, the guest order cancelled and refunded. Each node has
// every field the Reconcile* queries select (app/domain/shopify-graphql/queries.ts).
import { gid } from "./records";
import type { SeededRecord } from "./store";

const eur = (amount: string) => ({ shopMoney: { amount, currencyCode: "EUR" } });
const page = <T>(nodes: T[]) => ({ nodes, pageInfo: { hasNextPage: false } });
const image = (url: string | null) => (url ? { preview: { image: { url } } } : null);
const CDN = "https://cdn.shopify.com/s/files/1/0712/3456/7890/files";

const adaEmail = { emailAddress: "ada@example.com", marketingState: "SUBSCRIBED", marketingUpdatedAt: "2026-11-01T10:00:00Z" };
const adaAddress = {
  firstName: "Ada", lastName: "Lovelace", company: null, address1: "12 St James's Square", address2: null,
  city: "London", province: null, zip: "SW1Y 4JH", countryCodeV2: "GB", phone: "+442071234567",
};
const graceAddress = {
  firstName: "Grace", lastName: "Hopper", company: "Navy Yard", address1: "1 Main St", address2: "Apt 2",
  city: "Dublin", province: null, zip: "D02 X285", countryCodeV2: "IE", phone: null,
};

const ada = {
  id: gid("Customer", "7390213816404"),
  firstName: "Ada",
  lastName: "Lovelace",
  createdAt: "2026-11-01T10:00:00Z",
  updatedAt: "2026-11-01T10:00:00Z",
  tags: ["newsletter", "vip"],
  defaultEmailAddress: adaEmail,
  defaultPhoneNumber: { phoneNumber: "+442071234567" },
  defaultAddress: adaAddress,
};

const variant = (id: string, title: string, price: string, compareAtPrice: string | null, position: number, imageUrl: string | null) => ({
  id: gid("ProductVariant", id),
  title,
  sku: `LIN-${title}`,
  price,
  compareAtPrice,
  position,
  updatedAt: "2026-11-01T09:30:00Z",
  media: page(imageUrl ? [image(imageUrl)] : []),
});

const linenShirt = {
  id: gid("Product", "8901234567890"),
  title: "Linen shirt",
  handle: "linen-shirt",
  status: "ACTIVE",
  vendor: "Conduit Demo",
  productType: "Shirts",
  tags: ["linen", "summer"],
  createdAt: "2026-11-01T09:30:00Z",
  updatedAt: "2026-11-01T09:30:00Z",
  featuredMedia: image(`${CDN}/linen-shirt.jpg?v=1793526600`),
  collections: page([{ id: gid("Collection", "412345678901") }]),
  variants: page([
    variant("47012345678901", "S", "49.50", null, 1, null),
    variant("47012345678902", "M", "52.00", "60.00", 2, `${CDN}/linen-shirt-m.jpg?v=1793526600`),
  ]),
};

const lineItem = (id: string, variantId: string, size: string, quantity: number, price: string, tax: string, discount?: string) => ({
  id: gid("LineItem", id),
  sku: `LIN-${size}`,
  title: "Linen shirt",
  variantTitle: size,
  quantity,
  product: { id: linenShirt.id },
  variant: { id: gid("ProductVariant", variantId) },
  originalUnitPriceSet: eur(price),
  discountAllocations: discount ? [{ allocatedAmountSet: eur(discount), discountApplication: { index: 0 } }] : [],
  taxLines: [{ priceSet: eur(tax) }],
});

const refund = (id: string, createdAt: string, note: string | null, lineId: string, subtotal: string, tax: string, amount: string) => ({
  id: gid("Refund", id),
  createdAt,
  note,
  refundLineItems: page([{ lineItem: { id: gid("LineItem", lineId) }, quantity: 1, subtotalSet: eur(subtotal), totalTaxSet: eur(tax) }]),
  transactions: page([{ kind: "REFUND", status: "SUCCESS", amountSet: eur(amount) }]),
});

const standardShipping = page([{ title: "Standard", originalPriceSet: eur("4.95"), discountAllocations: [] }]);

const adaOrder = {
  id: gid("Order", "5901234567890"),
  name: "#1001",
  email: "ada@example.com",
  phone: null,
  createdAt: "2026-11-02T12:00:00Z",
  updatedAt: "2026-11-06T15:20:00Z",
  processedAt: "2026-11-02T12:00:00Z",
  cancelledAt: null,
  cancelReason: null,
  closedAt: null,
  currencyCode: "EUR",
  customer: { id: ada.id, firstName: "Ada", lastName: "Lovelace", createdAt: ada.createdAt, tags: ada.tags, defaultEmailAddress: adaEmail },
  totalPriceSet: eur("108.90"),
  subtotalPriceSet: eur("89.10"),
  totalTaxSet: eur("14.85"),
  totalDiscountsSet: eur("9.90"),
  totalShippingPriceSet: eur("4.95"),
  displayFinancialStatus: "PARTIALLY_REFUNDED",
  displayFulfillmentStatus: "FULFILLED",
  discountApplications: page([
    { index: 0, targetType: "LINE_ITEM", value: { __typename: "PricingPercentageValue", percentage: 10 }, code: "WELCOME10" },
  ]),
  lineItems: page([lineItem("14567890123456", "47012345678901", "S", 2, "49.50", "14.85", "9.90")]),
  shippingLines: standardShipping,
  refunds: [refund("987654321012", "2026-11-06T15:20:00Z", "Size too small", "14567890123456", "44.55", "7.42", "51.97")],
  billingAddress: adaAddress,
  shippingAddress: adaAddress,
  clientIp: "203.0.113.7",
  customerJourneySummary: {
    firstVisit: {
      landingPage: "https://shop.conduit-demo.test/products/linen-shirt?utm_source=fb&utm_medium=paid&trc_mcmp_id=111",
      referrerUrl: "https://www.facebook.com/",
    },
  },
  paymentGatewayNames: ["shopify_payments"],
  tags: ["gift", "priority"],
  test: false,
};

const guestOrder = {
  ...adaOrder,
  id: gid("Order", "5901234567891"),
  name: "#1002",
  email: "grace@example.com",
  createdAt: "2026-11-04T18:45:00Z",
  updatedAt: "2026-11-04T20:00:02Z",
  processedAt: "2026-11-04T18:45:00Z",
  cancelledAt: "2026-11-04T20:00:00Z",
  cancelReason: "CUSTOMER",
  closedAt: "2026-11-04T20:00:00Z",
  customer: null,
  totalPriceSet: eur("65.62"),
  subtotalPriceSet: eur("52.00"),
  totalTaxSet: eur("8.67"),
  totalDiscountsSet: eur("0.00"),
  displayFinancialStatus: "REFUNDED",
  // From 2026-10, an order with nothing left to fulfil (cancelled and refunded first) says so.
  displayFulfillmentStatus: "FULFILLMENT_NOT_REQUIRED",
  discountApplications: page([]),
  lineItems: page([lineItem("14567890123457", "47012345678902", "M", 1, "52.00", "8.67")]),
  refunds: [refund("987654321013", "2026-11-04T20:00:00Z", null, "14567890123457", "52.00", "8.67", "65.62")],
  billingAddress: graceAddress,
  shippingAddress: graceAddress,
  clientIp: "198.51.100.23",
  customerJourneySummary: { firstVisit: { landingPage: "https://shop.conduit-demo.test/", referrerUrl: null } },
  paymentGatewayNames: ["paypal"],
  tags: [],
};

const SAMPLES = { ada, linenShirt, adaOrder, guestOrder };
export type AdminSampleName = keyof typeof SAMPLES;

/** A fresh copy of a sample node, free for the caller to change. */
// eslint-disable-next-line @typescript-eslint/no-explicit-any
export const adminSample = (name: AdminSampleName): Record<string, any> => structuredClone(SAMPLES[name]);

/** A seed entry for a node (its id from the gid), listed as updated at `updatedAt`. */
export function seedRecord(record: Record<string, unknown>, updatedAt = new Date(String(record.updatedAt))): SeededRecord {
  const id = String(record.id);
  return { id: id.slice(id.lastIndexOf("/") + 1), updatedAt, record };
}
