// A vendor connection that needs more than its credentials before storefront events mean
// anything to it: Ometria's headless API has its own URL and key pair, optional in its settings.
export function storefrontReady(c: { vendor: string; publicSettings: string }): boolean {
  if (c.vendor !== "ometria") return true;
  try {
    return Boolean((JSON.parse(c.publicSettings) as { headlessUrl?: unknown }).headlessUrl);
  } catch {
    return false;
  }
}
