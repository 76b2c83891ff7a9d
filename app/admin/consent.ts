// What visitor consent a vendor's storefront tracking waits for. Stored per connection in its
// sendOptions JSON as `consent` and published to the storefront metafield for the app embed.
export const CONSENT_MODES = ["marketing", "analytics", "none"] as const;
export type ConsentMode = (typeof CONSENT_MODES)[number];

export const CONSENT_LABEL: Record<ConsentMode, string> = {
  marketing: "Marketing consent: track only visitors who accepted marketing",
  analytics: "Analytics consent: track visitors who accepted analytics",
  none: "No consent needed: track every visitor",
};

/** The strictest mode until the merchant decides otherwise: no tracking before marketing consent. */
export const DEFAULT_CONSENT: ConsentMode = "marketing";

export function consentOf(sendOptionsJson: string): ConsentMode {
  try {
    const value = (JSON.parse(sendOptionsJson) as { consent?: unknown }).consent;
    return CONSENT_MODES.find((m) => m === value) ?? DEFAULT_CONSENT;
  } catch {
    return DEFAULT_CONSENT;
  }
}
