// The Admin GraphQL queries that fetch one whole record, selecting what the node schemas beside
// them read. Page sizes keep each query's requested cost under Shopify's 1,000-point ceiling;
// a record with more (see `nodes` in ./parse) is refused, not delivered short.
const ADDRESS = `fragment ReconcileAddress on MailingAddress {
  firstName lastName company address1 address2 city province zip countryCodeV2 phone
}`;
const EMAIL = `defaultEmailAddress { emailAddress marketingState marketingUpdatedAt }`;
const MONEY = `shopMoney { amount }`;
const ALLOCATIONS = `discountAllocations { allocatedAmountSet { ${MONEY} } discountApplication { index } }`;
const PAGE = `pageInfo { hasNextPage }`;
const MEDIA_URL = `preview { image { url } }`;

export const RECONCILE_CUSTOMER = `query ReconcileCustomer($id: ID!) {
  customer(id: $id) {
    id firstName lastName createdAt updatedAt tags
    ${EMAIL}
    defaultPhoneNumber { phoneNumber }
    defaultAddress { ...ReconcileAddress }
  }
}
${ADDRESS}`;

export const RECONCILE_PRODUCT = `query ReconcileProduct($id: ID!) {
  product(id: $id) {
    id title handle status vendor productType tags createdAt updatedAt
    featuredMedia { ${MEDIA_URL} }
    collections(first: 100) { nodes { id } ${PAGE} }
    variants(first: 100) {
      nodes { id title sku price compareAtPrice position updatedAt media(first: 1) { nodes { ${MEDIA_URL} } } }
      ${PAGE}
    }
  }
}`;

export const RECONCILE_ORDER = `query ReconcileOrder($id: ID!) {
  order(id: $id) {
    id name email phone createdAt updatedAt processedAt cancelledAt cancelReason closedAt currencyCode
    customer { id firstName lastName createdAt tags ${EMAIL} }
    totalPriceSet { ${MONEY} } subtotalPriceSet { ${MONEY} } totalTaxSet { ${MONEY} }
    totalDiscountsSet { ${MONEY} } totalShippingPriceSet { ${MONEY} }
    displayFinancialStatus displayFulfillmentStatus
    discountApplications(first: 10) {
      nodes { index targetType value { __typename } ... on DiscountCodeApplication { code } }
      ${PAGE}
    }
    lineItems(first: 40) {
      nodes {
        id sku title variantTitle quantity
        product { id } variant { id }
        originalUnitPriceSet { ${MONEY} }
        ${ALLOCATIONS}
        taxLines { priceSet { ${MONEY} } }
      }
      ${PAGE}
    }
    shippingLines(first: 5) { nodes { title originalPriceSet { ${MONEY} } ${ALLOCATIONS} } ${PAGE} }
    refunds(first: 3) {
      id createdAt note
      refundLineItems(first: 20) {
        nodes { lineItem { id } quantity subtotalSet { ${MONEY} } totalTaxSet { ${MONEY} } }
        ${PAGE}
      }
      transactions(first: 5) { nodes { kind status amountSet { ${MONEY} } } ${PAGE} }
    }
    billingAddress { ...ReconcileAddress }
    shippingAddress { ...ReconcileAddress }
    clientIp
    customerJourneySummary { firstVisit { landingPage referrerUrl } }
    paymentGatewayNames tags test
  }
}
${ADDRESS}`;
