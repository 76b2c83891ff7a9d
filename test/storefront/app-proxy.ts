// Plays Shopify's app proxy: the query it adds to a storefront request before forwarding it to the
// app (shop, logged_in_customer_id, path_prefix, timestamp) and its signature — hex HMAC-SHA256,
// with the app secret, of the sorted `key=value` pairs joined with nothing.
import { createHmac } from "node:crypto";
import { TEST_API_SECRET } from "../support/conduit";

export interface ProxyQuery {
  shop: string;
  /** "" when no customer is logged in, as Shopify sends it. */
  customer?: string;
  /** Unix seconds; now unless given. */
  timestamp?: number;
  secret?: string;
}

export function proxyParams(q: ProxyQuery): URLSearchParams {
  const params: Record<string, string> = {
    shop: q.shop,
    logged_in_customer_id: q.customer ?? "",
    path_prefix: "/apps/conduit",
    timestamp: String(q.timestamp ?? Math.floor(Date.now() / 1000)),
  };
  const message = Object.keys(params).sort().map((k) => `${k}=${params[k]}`).join("");
  const signature = createHmac("sha256", q.secret ?? TEST_API_SECRET).update(message).digest("hex");
  return new URLSearchParams({ ...params, signature });
}
