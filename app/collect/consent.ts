// Server-side consent per vendor: the mode the merchant chose on the Privacy page
// (app/admin/consent.ts) against what the visitor allowed when the event fired.
import { consentOf, type ConsentMode } from "../admin/consent";
import type { VisitorConsent } from "../domain/types";

export function consentCovers(mode: ConsentMode, consent: VisitorConsent | undefined): boolean {
  if (mode === "none") return true;
  if (!consent) return false;
  return mode === "marketing" ? consent.marketing : consent.analytics;
}

/** Why a vendor did not get an event, as Activity shows it; null when it may. */
export function consentRefusal(sendOptions: string, consent: VisitorConsent | undefined): string | null {
  const mode = consentOf(sendOptions);
  if (consentCovers(mode, consent)) return null;
  return `the visitor's consent does not cover this vendor (it waits for ${mode} consent)`;
}
