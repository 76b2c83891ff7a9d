// Shopify's offline session id for a shop, as the template's Prisma session storage writes it:
// the one token a worker can use for the Admin API without a merchant present.
export const offlineSessionId = (domain: string) => `offline_${domain}`;
