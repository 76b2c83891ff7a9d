import { createHmac } from "node:crypto";

/**
 * Tracktor.io secure mode: HMAC-SHA256 of the person identity keyed with the signature secret,
 * as UPPERCASE hex (what the vendor's C# sample prints). Server-side only: the storefront gets
 * signatures, never the secret.
 */
export function signIdentity(secret: string, identity: string): string {
  return createHmac("sha256", secret).update(identity, "utf8").digest("hex").toUpperCase();
}
