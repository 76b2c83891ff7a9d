// The vendor page's storefront line: live, or what is missing — the vendor's "Storefront tracking"
// box, or Conduit's app embed in the live theme, with one button that opens the theme editor on it.
import { Banner, Button, Text } from "@shopify/polaris";
import type { StorefrontStatus } from "../storefront/status.server";

export function StorefrontEmbed({ status, vendorName }: { status: StorefrontStatus | null; vendorName: string }) {
  if (!status) return null;
  const theme = status.themeName ? `your live theme (${status.themeName})` : "your live theme";
  if (status.embed === "on" && status.tracking) {
    return (
      <Banner tone="success" title="Storefront tracking is live">
        <Text as="p">Conduit&apos;s app embed is on in {theme}: {vendorName} sees what visitors browse, search and put in their cart, once they consent.</Text>
      </Banner>
    );
  }
  const open = (
    <Button url={status.editorUrl} target="_top" variant="primary">
      Open theme editor
    </Button>
  );
  if (status.embed === "on") {
    return (
      <Banner tone="info" title="Storefront tracking is off">
        <Text as="p">Conduit&apos;s app embed is on in {theme}, but {vendorName} gets no storefront events: tick Storefront tracking and save.</Text>
      </Banner>
    );
  }
  return (
    <Banner tone="warning" title="Storefront tracking is not live">
      <Text as="p">
        {status.embed === "off"
          ? `Switch on the Conduit app embed in ${theme} so visitors' browsing reaches ${vendorName}. It adds no code to your theme and can be switched off there at any time.`
          : `${status.problem} Check that the Conduit app embed is switched on in your live theme.`}
        {!status.tracking && ` Also tick Storefront tracking above and save.`}
      </Text>
      <div style={{ marginTop: 12 }}>{open}</div>
    </Banner>
  );
}
