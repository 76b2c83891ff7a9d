// CORS for the collect endpoint: the pixel runs on the shop's storefront and checkout, whose
// origins are the myshopify domain, the primary domain and (on some shops) a checkout subdomain.
// Anything else is refused, so a page elsewhere cannot post events in a visitor's name.
export function allowedOrigins(shop: { domain: string; primaryDomain: string | null }): Set<string> {
  const origins = new Set([`https://${shop.domain}`]);
  if (shop.primaryDomain) {
    try {
      const primary = new URL(shop.primaryDomain);
      origins.add(primary.origin);
      const apex = primary.hostname.replace(/^www\./, "");
      origins.add(`https://checkout.${apex}`);
      origins.add(`https://${apex}`);
      origins.add(`https://www.${apex}`);
    } catch {
      // An unreadable primary domain adds nothing.
    }
  }
  return origins;
}

export function corsHeaders(origin: string): Record<string, string> {
  return {
    "Access-Control-Allow-Origin": origin,
    "Access-Control-Allow-Methods": "POST, OPTIONS",
    "Access-Control-Allow-Headers": "Content-Type",
    "Access-Control-Max-Age": "86400",
    Vary: "Origin",
  };
}
