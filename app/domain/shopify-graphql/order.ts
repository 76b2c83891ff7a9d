// The Order node of `query ReconcileOrder` → Order. GraphQL has no user agent for an order, and its
// `clientIp` is "the IP of the client that created the order" (the buyer's browser for online
// checkouts); the visit comes from `customerJourneySummary.firstVisit`, when Shopify attributed one.
import { z } from "zod/v4";
import type { FinancialStatus, Order } from "../types";
import { mailingAddress, mapMailingAddress } from "./address";
import { emailAddress, mapMarketingState } from "./customer";
import { discountApplicationNode, lineItemNode, mapDiscountCodes, mapLineItem, shippingLineNode } from "./order-lines";
import { date, gid, lowerEnum, nodes, parsePayload, shopMoney, sum, tagList, text } from "./parse";
import { mapRefundNode, refundNode } from "./refund";

const orderCustomer = z
  .object({ id: gid, firstName: text, lastName: text, createdAt: date.nullish(), tags: tagList, defaultEmailAddress: emailAddress })
  .passthrough();

const visit = z.object({ landingPage: text, referrerUrl: text }).passthrough();

export const orderNode = z
  .object({
    id: gid,
    name: z.string(),
    email: text,
    phone: text,
    customer: orderCustomer.nullish(),
    createdAt: date,
    updatedAt: date,
    processedAt: date.nullish(),
    cancelledAt: date.nullish(),
    cancelReason: lowerEnum,
    closedAt: date.nullish(),
    currencyCode: z.string().length(3),
    totalPriceSet: shopMoney,
    subtotalPriceSet: shopMoney.nullish(),
    totalTaxSet: shopMoney.nullish(),
    totalDiscountsSet: shopMoney.nullish(),
    totalShippingPriceSet: shopMoney,
    displayFinancialStatus: z.string().nullish(),
    displayFulfillmentStatus: z.string(),
    discountApplications: nodes(discountApplicationNode),
    lineItems: nodes(lineItemNode),
    shippingLines: nodes(shippingLineNode),
    refunds: z.array(refundNode).default([]),
    billingAddress: mailingAddress.nullish(),
    shippingAddress: mailingAddress.nullish(),
    clientIp: text,
    customerJourneySummary: z.object({ firstVisit: visit.nullish() }).passthrough().nullish(),
    paymentGatewayNames: z.array(z.string()).default([]),
    tags: tagList,
    test: z.boolean().default(false),
  })
  .passthrough();

// GraphQL's enum names; EXPIRED (an authorization that lapsed) has no canonical status.
const FINANCIAL: Record<string, FinancialStatus> = {
  PENDING: "pending",
  AUTHORIZED: "authorized",
  PARTIALLY_PAID: "partially_paid",
  PAID: "paid",
  PARTIALLY_REFUNDED: "partially_refunded",
  REFUNDED: "refunded",
  VOIDED: "voided",
};
// Everything else (UNFULFILLED, IN_PROGRESS, ON_HOLD, 2026-10's FULFILLMENT_NOT_REQUIRED, …) is
// "not fulfilled", REST's null.
const FULFILLMENT: Record<string, Order["fulfillmentStatus"]> = { FULFILLED: "fulfilled", PARTIALLY_FULFILLED: "partial", RESTOCKED: "restocked" };

/** The canonical landing site is path and query, as REST's `landing_site`; GraphQL gives the whole URL. */
function pathAndQuery(url: string | null): string | null {
  if (!url || !URL.canParse(url)) return url;
  const u = new URL(url);
  return `${u.pathname}${u.search}`;
}

export function mapOrderNode(payload: unknown): Order {
  const o = parsePayload(orderNode, payload);
  const refunds = o.refunds.map((r) => mapRefundNode(r, o.id));
  const c = o.customer;
  const firstVisit = o.customerJourneySummary?.firstVisit;
  return {
    id: o.id,
    name: o.name,
    email: o.email ?? c?.defaultEmailAddress?.emailAddress ?? null,
    phone: o.phone,
    customer: c
      ? {
          id: c.id,
          email: c.defaultEmailAddress?.emailAddress ?? null,
          firstName: c.firstName,
          lastName: c.lastName,
          createdAt: c.createdAt ?? null,
          tags: c.tags,
          emailMarketing: mapMarketingState(c.defaultEmailAddress),
        }
      : null,
    createdAt: o.createdAt,
    updatedAt: o.updatedAt,
    processedAt: o.processedAt ?? null,
    cancelledAt: o.cancelledAt ?? null,
    cancelReason: o.cancelReason,
    closedAt: o.closedAt ?? null,
    currency: o.currencyCode,
    totalPrice: o.totalPriceSet,
    subtotalPrice: o.subtotalPriceSet ?? 0,
    totalTax: o.totalTaxSet ?? 0,
    totalDiscounts: o.totalDiscountsSet ?? 0,
    totalShipping: o.totalShippingPriceSet,
    totalRefunded: sum(refunds.map((r) => r.amount)),
    financialStatus: FINANCIAL[o.displayFinancialStatus ?? ""] ?? "unknown",
    fulfillmentStatus: FULFILLMENT[o.displayFulfillmentStatus] ?? null,
    discountCodes: mapDiscountCodes(o.discountApplications, o.lineItems, o.shippingLines),
    lines: o.lineItems.map((l) => mapLineItem(l, refunds)),
    shippingLines: o.shippingLines.map((s) => ({ title: s.title, price: s.originalPriceSet })),
    refunds,
    billingAddress: mapMailingAddress(o.billingAddress),
    shippingAddress: mapMailingAddress(o.shippingAddress),
    browserIp: o.clientIp,
    userAgent: null,
    landingSite: pathAndQuery(firstVisit?.landingPage ?? null),
    referringSite: firstVisit?.referrerUrl ?? null,
    paymentGateways: o.paymentGatewayNames,
    tags: o.tags,
    test: o.test,
  };
}
