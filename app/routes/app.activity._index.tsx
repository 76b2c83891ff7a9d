// Activity: every delivery of the shop, filtered by URL parameters, with Retry for failed rows.
import type { ActionFunctionArgs, LoaderFunctionArgs } from "@remix-run/node";
import { useActionData, useLoaderData, useLocation } from "@remix-run/react";
import { Banner, BlockStack, Card, InlineStack, Page, Text } from "@shopify/polaris";
import { filterSearch, parseFilter } from "../admin/activity-filter";
import { listDeliveries } from "../admin/activity.server";
import { retryAction } from "../admin/retry-action.server";
import { requireShop } from "../admin/shop.server";
import { WAITING } from "../admin/status";
import { ActivityFilters } from "../components/ActivityFilters";
import { ActivityTable } from "../components/ActivityTable";
import { RetryButton } from "../components/RetryButton";
import { RouteError } from "../components/RouteError";
import { useRevalidateWhile } from "../components/useRevalidateWhile";
import { vendors } from "../vendors";

export const loader = async ({ request }: LoaderFunctionArgs) => {
  const { shopId } = await requireShop(request);
  const filter = parseFilter(new URL(request.url).searchParams);
  const list = await listDeliveries(shopId, filter);
  const { page: _page, ...applied } = filter;
  return { ...list, filter: applied, vendors: vendors.map((v) => ({ id: v.id, name: v.name })) };
};

export const action = ({ request }: ActionFunctionArgs) => retryAction(request);

function Empty({ filtered }: { filtered: boolean }) {
  return (
    <Card>
      <Text as="p">
        {filtered
          ? "Nothing matches these filters. Widen the time range or clear the filters."
          : "Nothing has been sent yet. Connect a vendor on the Overview; each change in your store then appears here as it is delivered."}
      </Text>
    </Card>
  );
}

export default function Activity() {
  const { rows, page, hasNext, topics, filter, vendors, failed } = useLoaderData<typeof loader>();
  const retried = useActionData<typeof action>();
  const { search } = useLocation();
  const filtered = Object.keys(filter).length > 0;
  useRevalidateWhile(rows.some((r) => (WAITING as string[]).includes(r.status)));
  const pageUrl = (p: number) => `/app/activity${filterSearch({ ...filter, page: p > 1 ? p : undefined })}`;
  const values = Object.fromEntries(Object.entries(filter).map(([k, v]) => [k, v instanceof Date ? v.toISOString() : String(v)]));
  return (
    <Page title="Activity">
      <BlockStack gap="400">
        {/* key: a link to another filter remounts the form with that filter's values. */}
        <ActivityFilters key={search} values={values} vendors={vendors} topics={topics} />
        {retried && <Banner tone="info"><Text as="p">Queued again: {retried.revived} failed {retried.revived === 1 ? "delivery" : "deliveries"}.</Text></Banner>}
        {failed > 0 && (
          <InlineStack align="end"><RetryButton label={`Retry all ${failed} failed`} /></InlineStack>
        )}
        {rows.length ? <ActivityTable rows={rows} page={page} hasNext={hasNext} pageUrl={pageUrl} /> : <Empty filtered={filtered} />}
      </BlockStack>
    </Page>
  );
}

export const ErrorBoundary = () => <RouteError title="Activity" />;
