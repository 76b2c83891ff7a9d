// Realistic canonical records for tests, the demo and benchmarks. Each builder takes overrides
// so a test states only what it is about.
import type { Category, Customer, Order, OrderLine, Product, ShopInfo } from "./types";

export const sampleShop: ShopInfo = {
  domain: "conduit-demo.myshopify.com",
  primaryDomain: "https://shop.conduit-demo.test",
};

const at = (iso: string) => new Date(iso);

export function sampleCustomer(over: Partial<Customer> = {}): Customer {
  return {
    id: "7001",
    email: "ada@example.com",
    phone: "+442071234567",
    firstName: "Ada",
    lastName: "Lovelace",
    createdAt: at("2026-11-01T10:00:00Z"),
    updatedAt: at("2026-11-01T10:00:00Z"),
    tags: ["vip"],
    emailMarketing: "subscribed",
    emailMarketingUpdatedAt: at("2026-11-01T10:00:00Z"),
    defaultAddress: null,
    ...over,
  };
}

export function sampleCategory(over: Partial<Category> = {}): Category {
  return {
    id: "3001",
    title: "Summer shirts",
    handle: "summer-shirts",
    url: "https://shop.conduit-demo.test/collections/summer-shirts",
    updatedAt: at("2026-11-01T09:00:00Z"),
    ...over,
  };
}

export function sampleProduct(over: Partial<Product> = {}): Product {
  return {
    id: "5001",
    title: "Linen shirt",
    handle: "linen-shirt",
    url: "https://shop.conduit-demo.test/products/linen-shirt",
    status: "active",
    vendor: "Conduit Demo",
    productType: "Shirts",
    tags: ["linen"],
    imageUrl: "https://cdn.example.com/linen-shirt.jpg",
    price: 49.5,
    categoryIds: ["3001"],
    variants: [
      { id: "6001", productId: "5001", title: "S", sku: "LIN-S", price: 49.5, compareAtPrice: null, position: 1, imageUrl: null, updatedAt: null },
      { id: "6002", productId: "5001", title: "M", sku: "LIN-M", price: 52, compareAtPrice: 60, position: 2, imageUrl: null, updatedAt: null },
    ],
    createdAt: at("2026-11-01T09:30:00Z"),
    updatedAt: at("2026-11-01T09:30:00Z"),
    ...over,
  };
}

export function sampleOrderLine(over: Partial<OrderLine> = {}): OrderLine {
  return {
    id: "9101",
    productId: "5001",
    variantId: "6001",
    sku: "LIN-S",
    title: "Linen shirt",
    variantTitle: "S",
    quantity: 2,
    price: 49.5,
    discount: 9.9,
    tax: 14.85,
    refundedQuantity: 0,
    refundedAmount: 0,
    ...over,
  };
}

export function sampleOrder(over: Partial<Order> = {}): Order {
  return {
    id: "8001",
    name: "#1001",
    email: "ada@example.com",
    phone: null,
    customer: {
      id: "7001",
      email: "ada@example.com",
      firstName: "Ada",
      lastName: "Lovelace",
      createdAt: at("2026-11-01T10:00:00Z"),
      tags: ["vip"],
      emailMarketing: "subscribed",
    },
    createdAt: at("2026-11-02T12:00:00Z"),
    updatedAt: at("2026-11-02T12:00:00Z"),
    processedAt: at("2026-11-02T12:00:00Z"),
    cancelledAt: null,
    cancelReason: null,
    closedAt: null,
    currency: "EUR",
    // 2 × 49.50 − 9.90 discount + 14.85 tax + 4.95 shipping
    totalPrice: 108.9,
    subtotalPrice: 89.1,
    totalTax: 14.85,
    totalDiscounts: 9.9,
    totalShipping: 4.95,
    totalRefunded: 0,
    financialStatus: "paid",
    fulfillmentStatus: null,
    discountCodes: [{ code: "WELCOME10", amount: 9.9, type: "percentage" }],
    lines: [sampleOrderLine()],
    shippingLines: [{ title: "Standard", price: 4.95 }],
    refunds: [],
    billingAddress: {
      firstName: "Ada",
      lastName: "Lovelace",
      company: null,
      address1: "12 St James's Square",
      address2: null,
      city: "London",
      province: null,
      zip: "SW1Y 4JH",
      countryCode: "GB",
      phone: "+442071234567",
    },
    shippingAddress: null,
    browserIp: "203.0.113.7",
    userAgent: "Mozilla/5.0 (X11; Linux x86_64) AppleWebKit/537.36 Chrome/126.0 Safari/537.36",
    landingSite: "/products/linen-shirt?utm_source=fb&utm_medium=paid&trc_mcmp_id=111",
    referringSite: "https://www.facebook.com/",
    paymentGateways: ["shopify_payments"],
    tags: [],
    test: false,
    ...over,
  };
}
