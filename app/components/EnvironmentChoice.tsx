// Staging or live, for vendors that have a separate staging environment.
import { ChoiceList } from "@shopify/polaris";
import { useState } from "react";

export function EnvironmentChoice({ vendorName, initial, error }: { vendorName: string; initial: string; error?: string }) {
  const [selected, setSelected] = useState([initial]);
  return (
    <ChoiceList
      title="Environment"
      name="environment"
      choices={[
        { label: "Live", value: "live", helpText: `Your production ${vendorName} account.` },
        { label: "Staging", value: "staging", helpText: `${vendorName}'s test environment: nothing reaches real campaigns.` },
      ]}
      selected={selected}
      onChange={setSelected}
      error={error}
    />
  );
}
