// One vendor setting as a text box. A secret is write-only: the box starts empty, the stored value
// is only described ("set, ends in 1a2b"), and leaving it empty keeps it.
import { TextField } from "@shopify/polaris";
import { useState } from "react";

export interface FieldView {
  key: string;
  label: string;
  help: string;
  required: boolean;
  secret: boolean;
  value: string;
  mask: string | null;
}

export function SettingField({ field, error }: { field: FieldView; error?: string }) {
  const [value, setValue] = useState(field.value);
  const help = field.secret && field.mask !== "not set"
    ? `${field.help} Currently ${field.mask}; type a new value only to replace it.`
    : field.help;
  return (
    <TextField
      label={field.label}
      name={`field.${field.key}`}
      type={field.secret ? "password" : "text"}
      autoComplete="off"
      requiredIndicator={field.required}
      value={value}
      onChange={setValue}
      helpText={help}
      error={error}
      placeholder={field.secret && field.mask !== "not set" ? "Unchanged" : undefined}
    />
  );
}
