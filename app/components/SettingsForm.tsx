// The vendor's settings form, generated from its field list. Errors name the field they are about.
import { Form, useNavigation } from "@remix-run/react";
import { BlockStack, Button, Card, Divider, InlineStack } from "@shopify/polaris";
import { EnvironmentChoice } from "./EnvironmentChoice";
import { SendOptionsFields } from "./SendOptionsFields";
import { SettingField, type FieldView } from "./SettingField";

interface Props {
  vendor: { name: string; hasStaging: boolean; sendOptions: string[] };
  fields: FieldView[];
  environment: string;
  send: Record<string, boolean>;
  errors: Record<string, string>;
}

export function SettingsForm({ vendor, fields, environment, send, errors }: Props) {
  const nav = useNavigation();
  const saving = nav.state === "submitting" && nav.formData?.get("intent") === "save";
  return (
    <Form method="post">
      <input type="hidden" name="intent" value="save" />
      <Card>
        <BlockStack gap="400">
          {fields.map((f) => <SettingField key={f.key} field={f} error={errors[f.key]} />)}
          {vendor.hasStaging && <EnvironmentChoice vendorName={vendor.name} initial={environment} error={errors.environment} />}
          <Divider />
          <SendOptionsFields options={vendor.sendOptions} initial={send} />
          <InlineStack align="end">
            <Button submit variant="primary" loading={saving}>Save</Button>
          </InlineStack>
        </BlockStack>
      </Card>
    </Form>
  );
}
