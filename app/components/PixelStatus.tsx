// One line on a vendor's page: is Conduit's Web Pixel connected to the store, so storefront and
// checkout events reach this vendor from the server?
import { Badge, InlineStack, Text } from "@shopify/polaris";
import type { PixelView } from "../pixel/status.server";

export function PixelStatus({ pixel, vendorName }: { pixel: PixelView; vendorName: string }) {
  if (!pixel.relevant) return null;
  if (pixel.error) {
    return (
      <InlineStack gap="200" blockAlign="center">
        <Badge tone="warning">Pixel unknown</Badge>
        <Text as="span">Could not ask Shopify about the Web Pixel: {pixel.error}</Text>
      </InlineStack>
    );
  }
  return (
    <InlineStack gap="200" blockAlign="center">
      <Badge tone={pixel.connected ? "success" : undefined}>{pixel.connected ? "Pixel connected" : "Pixel not connected"}</Badge>
      <Text as="span">
        {pixel.connected
          ? `Conduit's Web Pixel is connected: storefront and checkout events reach ${vendorName} from the server.`
          : `Conduit's Web Pixel is not connected: it is added once storefront events are switched on for a server-side vendor.`}
      </Text>
    </InlineStack>
  );
}
