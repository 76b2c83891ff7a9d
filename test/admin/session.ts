// Plays the Shopify admin's part in embedded auth: session tokens (HS256 JWTs signed with the app
// secret, as App Bridge hands them out) and the URL the admin opens the app's iframe with.
import { getJwt } from "@shopify/shopify-api/test-helpers";
import { TEST_API_KEY, TEST_API_SECRET } from "../support/conduit";

export interface TokenOptions {
  secret?: string;
  audience?: string;
  /** Seconds from now; negative for a token that has already expired. */
  expiresIn?: number;
}

/** A session token for `shop` (example.myshopify.com), valid for a minute like Shopify's. */
export async function sessionToken(shop: string, opts: TokenOptions = {}): Promise<string> {
  const now = Math.floor(Date.now() / 1000);
  const exp = now + (opts.expiresIn ?? 60);
  const { token } = await getJwt(shop.replace(/\.myshopify\.com$/, ""), opts.audience ?? TEST_API_KEY, opts.secret ?? TEST_API_SECRET, {
    iss: `https://${shop}/admin`,
    sub: "4242",
    exp,
    nbf: Math.min(now, exp) - 5,
    iat: Math.min(now, exp) - 5,
    jti: crypto.randomUUID(),
  });
  return token;
}

/** `?embedded=1&shop&host&id_token`: how the admin loads an embedded app's document. */
export async function embeddedQuery(shop: string, token?: string): Promise<string> {
  const host = Buffer.from(`admin.shopify.com/store/${shop.replace(/\.myshopify\.com$/, "")}`).toString("base64");
  const params = new URLSearchParams({ embedded: "1", shop, host, id_token: token ?? (await sessionToken(shop)) });
  return params.toString();
}

/** shopify-app-remix answers 410 to bots, and Node's fetch ("node") is one: requests come from a browser. */
export const BROWSER_UA = "Mozilla/5.0 (X11; Linux x86_64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/130.0.0.0 Safari/537.36";

/**
 * A request the way App Bridge's fetch makes it: `Authorization: Bearer <session token>`. Remix's
 * single-fetch URLs (`/app/activity.data`) return a route's loader or action data.
 */
export async function adminFetch(baseUrl: string, path: string, init: { shop: string; token?: string | null; form?: Record<string, string> }): Promise<Response> {
  const token = init.token === undefined ? await sessionToken(init.shop) : init.token;
  return fetch(`${baseUrl}${path}`, {
    method: init.form ? "POST" : "GET",
    headers: { "User-Agent": BROWSER_UA, ...(token ? { Authorization: `Bearer ${token}` } : {}) },
    body: init.form ? new URLSearchParams(init.form) : undefined,
    redirect: "manual",
  });
}
