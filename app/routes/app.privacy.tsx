// Privacy: consent mode per vendor, and the data requests and erasures received from Shopify.
import type { ActionFunctionArgs, LoaderFunctionArgs } from "@remix-run/node";
import { useActionData, useLoaderData } from "@remix-run/react";
import { Banner, BlockStack, Card, Page, Text } from "@shopify/polaris";
import { consentView, privacyRequests, saveConsent } from "../admin/privacy.server";
import { requireShop } from "../admin/shop.server";
import { publishAfterSave } from "../admin/storefront.server";
import { ConsentForm } from "../components/ConsentForm";
import { PrivacyRequests } from "../components/PrivacyRequests";
import { RouteError } from "../components/RouteError";
import { retentionConfig } from "../retention/config";
import { describeRetention } from "../retention/describe";

export const loader = async ({ request }: LoaderFunctionArgs) => {
  const { shopId } = await requireShop(request);
  return { consent: await consentView(shopId), requests: await privacyRequests(shopId), retention: describeRetention(retentionConfig()) };
};

export const action = async ({ request }: ActionFunctionArgs) => {
  const { session, shopId } = await requireShop(request);
  const form = await request.formData();
  if (form.get("intent") !== "consent" || !shopId) throw new Response("Nothing to save", { status: 400 });
  const changed = await saveConsent(shopId, form);
  // The storefront reads consent modes from the metafield: publish what was just saved.
  return { changed, warning: changed ? await publishAfterSave(session) : null };
};

export default function Privacy() {
  const { consent, requests, retention } = useLoaderData<typeof loader>();
  const saved = useActionData<typeof action>();
  return (
    <Page title="Privacy">
      <BlockStack gap="400">
        {saved?.warning && <Banner tone="warning" title="Storefront not updated"><Text as="p">{saved.warning}</Text></Banner>}
        {saved && !saved.warning && <Banner tone="success"><Text as="p">Consent settings saved.</Text></Banner>}
        <ConsentForm rows={consent} />
        <PrivacyRequests rows={requests} />
        <Card>
          <BlockStack gap="200">
            <Text as="h2" variant="headingMd">How long Conduit keeps data</Text>
            {retention.map((line) => <Text key={line} as="p">{line}</Text>)}
          </BlockStack>
        </Card>
      </BlockStack>
    </Page>
  );
}

export const ErrorBoundary = () => <RouteError title="Privacy" />;
