// Overview: every vendor, connected or not, with how delivery went in the last 24 hours, and the
// webhooks Conduit could not read in that time.
import type { LoaderFunctionArgs } from "@remix-run/node";
import { useLoaderData } from "@remix-run/react";
import { BlockStack, InlineGrid, Page } from "@shopify/polaris";
import { PERIOD_MS, vendorSummaries } from "../admin/overview.server";
import { requireShop } from "../admin/shop.server";
import { unreadableWebhooks } from "../admin/unreadable.server";
import { NoConnections } from "../components/NoConnections";
import { RouteError } from "../components/RouteError";
import { UnreadableWebhooks } from "../components/UnreadableWebhooks";
import { VendorCard } from "../components/VendorCard";

export const loader = async ({ request }: LoaderFunctionArgs) => {
  const { shopId } = await requireShop(request);
  const now = new Date();
  const since = new Date(now.getTime() - PERIOD_MS);
  return { vendors: await vendorSummaries(shopId, now), since, unreadable: await unreadableWebhooks(shopId, since) };
};

export default function Overview() {
  const { vendors, since, unreadable } = useLoaderData<typeof loader>();
  return (
    <Page title="Overview">
      <BlockStack gap="400">
        {vendors.every((v) => v.state === "not_connected") && <NoConnections />}
        <UnreadableWebhooks facts={unreadable} />
        <InlineGrid columns={{ xs: 1, md: 2 }} gap="400">
          {vendors.map((v) => <VendorCard key={v.id} vendor={v} since={since} />)}
        </InlineGrid>
      </BlockStack>
    </Page>
  );
}

export const ErrorBoundary = () => <RouteError title="Overview" />;
