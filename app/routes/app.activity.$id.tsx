// One delivery: the exact body sent (by the last attempt, even a failed one), the vendor's answer,
// the last error and every attempt.
import type { ActionFunctionArgs, LoaderFunctionArgs } from "@remix-run/node";
import { useLoaderData } from "@remix-run/react";
import { BlockStack, Card, Layout, Page, Text } from "@shopify/polaris";
import { findDelivery } from "../admin/activity.server";
import { retryAction } from "../admin/retry-action.server";
import { notFound, requireShop } from "../admin/shop.server";
import { ANSWERED, WAITING } from "../admin/status";
import { AttemptLog } from "../components/AttemptLog";
import { CodeBlock } from "../components/CodeBlock";
import { DeliverySummary } from "../components/DeliverySummary";
import { RetryButton } from "../components/RetryButton";
import { RouteError } from "../components/RouteError";
import { useRevalidateWhile } from "../components/useRevalidateWhile";

export const loader = async ({ request, params }: LoaderFunctionArgs) => {
  const { shopId } = await requireShop(request);
  const delivery = await findDelivery(shopId, params.id ?? "");
  if (!delivery) throw notFound("Delivery");
  return delivery;
};

/** The vendor answered about the body shown, or it is what Conduit tried, or is still trying, to send. */
function bodyHeading(status: string, vendor: string, hasBody: boolean): string {
  if (!hasBody || (ANSWERED as string[]).includes(status)) return `Sent to ${vendor}`;
  return status === "dead" ? `What Conduit tried to send to ${vendor}` : `What Conduit is sending to ${vendor}`;
}

export const action = ({ request }: ActionFunctionArgs) => retryAction(request);

export default function DeliveryPage() {
  const d = useLoaderData<typeof loader>();
  useRevalidateWhile((WAITING as string[]).includes(d.status));
  return (
    <Page
      title={`${d.vendorName}: ${d.topic} ${d.entityId}`}
      backAction={{ content: "Activity", url: "/app/activity" }}
      primaryAction={d.retryable ? <RetryButton id={d.id} /> : undefined}
    >
      <Layout>
        <Layout.Section>
          <BlockStack gap="400">
            <DeliverySummary d={d} />
            <Card>
              <BlockStack gap="200">
                <Text as="h2" variant="headingMd">{bodyHeading(d.status, d.vendorName, Boolean(d.sentBody))}</Text>
                <CodeBlock text={d.sentBody} empty={d.status === "skipped" ? "Nothing was sent: the reason is above." : `Nothing has been sent to ${d.vendorName} for this delivery yet.`} />
              </BlockStack>
            </Card>
            <Card>
              <BlockStack gap="200">
                <Text as="h2" variant="headingMd">{d.vendorName}&apos;s answer{d.responseStatus ? ` (HTTP ${d.responseStatus})` : ""}</Text>
                <CodeBlock text={d.responseExcerpt} empty={d.responseStatus ? "The answer had no body." : "No answer yet."} />
              </BlockStack>
            </Card>
            <Text as="h2" variant="headingMd">Attempts</Text>
            <AttemptLog attempts={d.attemptLog} />
          </BlockStack>
        </Layout.Section>
      </Layout>
    </Page>
  );
}

export const ErrorBoundary = () => <RouteError title="Delivery" backUrl="/app/activity" />;
