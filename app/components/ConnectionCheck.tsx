// "Test connection" and enable/disable: both act on the saved settings, not on the form above.
import { Form, useNavigation } from "@remix-run/react";
import { Banner, BlockStack, Button, Card, InlineStack, Text } from "@shopify/polaris";
import type { VerifyResult } from "../vendors/types";

interface Props {
  vendorName: string;
  enabled: boolean;
  result?: VerifyResult;
}

function IntentButton({ intent, children, variant }: { intent: string; children: string; variant?: "primary" | "secondary" }) {
  const nav = useNavigation();
  const busy = nav.state === "submitting" && nav.formData?.get("intent") === intent;
  return (
    <Form method="post">
      <input type="hidden" name="intent" value={intent} />
      <Button submit loading={busy} variant={variant}>{children}</Button>
    </Form>
  );
}

export function ConnectionCheck({ vendorName, enabled, result }: Props) {
  return (
    <Card>
      <BlockStack gap="300">
        <Text as="h2" variant="headingMd">Connection</Text>
        <Text as="p">
          Test connection asks {vendorName} to accept the saved keys, without sending any of your store&apos;s data.
          {enabled
            ? " Disabling stops sending: changes made while disabled are not queued, and what is already queued waits until you enable again."
            : " Sending is disabled."}
        </Text>
        {result && (
          <Banner tone={result.ok ? "success" : "critical"} title={result.ok ? "Connection works" : "Connection failed"}>
            <Text as="p">{result.message}</Text>
          </Banner>
        )}
        <InlineStack gap="200">
          <IntentButton intent="test">Test connection</IntentButton>
          <IntentButton intent={enabled ? "disable" : "enable"}>{enabled ? `Disable ${vendorName}` : `Enable ${vendorName}`}</IntentButton>
        </InlineStack>
      </BlockStack>
    </Card>
  );
}
