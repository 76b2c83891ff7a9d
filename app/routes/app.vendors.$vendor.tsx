// A vendor's settings: credentials (secrets write-only), environment, what to send, Test
// connection, enable/disable. Every save republishes the storefront metafield.
import { data, type ActionFunctionArgs, type LoaderFunctionArgs } from "@remix-run/node";
import { useActionData, useLoaderData } from "@remix-run/react";
import { Banner, BlockStack, Layout, Link, Page, Text } from "@shopify/polaris";
import { useAppBridge } from "@shopify/app-bridge-react";
import { useEffect } from "react";
import { SettingsError } from "../connections/settings.server";
import { notFound, requireShop } from "../admin/shop.server";
import { publishAfterSave } from "../admin/storefront.server";
import { saveSettings, setEnabled, settingsView, testConnection } from "../admin/vendor-settings.server";
import { ConnectionCheck } from "../components/ConnectionCheck";
import { PixelStatus } from "../components/PixelStatus";
import { pixelView } from "../pixel/status.server";
import { syncPixelAfterSave } from "../pixel/web-pixel.server";
import { RouteError } from "../components/RouteError";
import { SettingsForm } from "../components/SettingsForm";
import { StorefrontEmbed } from "../components/StorefrontEmbed";
import { ConnectionBadge } from "../components/StatusBadge";
import { storefrontStatus } from "../storefront/status.server";
import { findVendor } from "../vendors";
import type { VerifyResult } from "../vendors/types";

function vendorOr404(id: string | undefined) {
  const vendor = findVendor(id ?? "");
  if (!vendor) throw notFound("Vendor");
  return vendor;
}

export const loader = async ({ request, params }: LoaderFunctionArgs) => {
  const { shopId, session } = await requireShop(request);
  const vendor = vendorOr404(params.vendor);
  const [view, storefront, pixel] = await Promise.all([settingsView(shopId, vendor), storefrontStatus(session, vendor), pixelView(session, vendor.id)]);
  return { ...view, storefront, pixel };
};

interface ActionResult {
  intent: string;
  errors?: Record<string, string>;
  saved?: boolean;
  warning?: string | null;
  result?: VerifyResult;
}

export const action = async ({ request, params }: ActionFunctionArgs) => {
  const { session, shopId, domain } = await requireShop(request);
  const vendor = vendorOr404(params.vendor);
  const form = await request.formData();
  const intent = String(form.get("intent"));
  try {
    if (intent === "test") return { intent, result: await testConnection(shopId, vendor) } satisfies ActionResult;
    if (intent === "save") await saveSettings(domain, vendor, form);
    else if (intent === "enable" || intent === "disable") await setEnabled(domain, vendor, intent === "enable");
    else throw new Response(`Unknown intent ${intent}`, { status: 400 });
  } catch (err) {
    if (!(err instanceof SettingsError)) throw err;
    return data({ intent, errors: { [err.field]: err.reason } } satisfies ActionResult, { status: 400 });
  }
  const warnings = [await publishAfterSave(session), await syncPixelAfterSave(session)].filter(Boolean);
  return { intent, saved: true, warning: warnings.join(" ") || null } satisfies ActionResult;
};

export default function VendorSettings() {
  const view = useLoaderData<typeof loader>();
  const outcome = useActionData<typeof action>() as ActionResult | undefined;
  const shopify = useAppBridge();
  useEffect(() => {
    if (outcome?.saved) shopify.toast.show(outcome.intent === "save" ? "Settings saved" : `${view.vendor.name} ${outcome.intent}d`);
  }, [outcome, shopify, view.vendor.name]);
  // A failed Test connection that names a field marks that field, like a validation error.
  const refused = outcome?.result?.ok === false ? outcome.result : undefined;
  const errors = { ...outcome?.errors, ...(refused?.field && { [refused.field]: refused.message }) };
  return (
    <Page title={`${view.vendor.name} settings`} backAction={{ content: "Overview", url: "/app" }} titleMetadata={<ConnectionBadge state={view.state} />}>
      <Layout>
        <Layout.Section>
          <BlockStack gap="400">
            {view.problem && <Banner tone="critical" title="Needs your attention"><Text as="p">{view.problem}</Text></Banner>}
            {outcome?.warning && <Banner tone="warning" title="Storefront not updated"><Text as="p">{outcome.warning}</Text></Banner>}
            {outcome?.errors && <Banner tone="critical" title="Not saved"><Text as="p">Correct the highlighted field and save again.</Text></Banner>}
            <Text as="p">
              Find these values in your {view.vendor.name} account; the <Link url={view.vendor.docsUrl} target="_blank">{view.vendor.name} documentation</Link> explains each.
            </Text>
            {/* Remount after each save so secret boxes empty again and show the new mask. */}
            <SettingsForm key={String(view.savedAt)} vendor={view.vendor} fields={view.fields} environment={view.environment} send={view.send} errors={errors} />
            <StorefrontEmbed status={view.storefront} vendorName={view.vendor.name} />
            <PixelStatus pixel={view.pixel} vendorName={view.vendor.name} />
            {view.connected && <ConnectionCheck vendorName={view.vendor.name} enabled={view.enabled} result={outcome?.result} />}
          </BlockStack>
        </Layout.Section>
      </Layout>
    </Page>
  );
}

export const ErrorBoundary = () => <RouteError title="Vendor settings" />;
