// The Activity filter as a plain GET form: applying it changes the URL, so every view can be shared.
import { Form } from "@remix-run/react";
import { Button, Card, InlineGrid, InlineStack, Select, TextField } from "@shopify/polaris";
import { useState } from "react";
import { DELIVERY_LABEL, KIND_LABEL } from "../admin/status";

export interface FilterValues {
  vendor?: string;
  status?: string;
  topic?: string;
  kind?: string;
  entity?: string;
  from?: string;
  to?: string;
}

const any = { label: "Any", value: "" };
const STATUS_OPTIONS = [
  any,
  { label: "Failed (refused or gave up)", value: "failed" },
  { label: "Pending (still on its way)", value: "waiting" },
  { label: "Not delivered", value: "undelivered" },
  ...Object.entries(DELIVERY_LABEL).map(([value, label]) => ({ label, value })),
];

/** `datetime-local` inputs take "2026-01-02T10:00", read as UTC like the filter parser does. */
const forInput = (iso?: string) => (iso ? iso.slice(0, 16) : "");

interface Props {
  values: FilterValues;
  vendors: { id: string; name: string }[];
  topics: string[];
}

export function ActivityFilters({ values, vendors, topics }: Props) {
  const [v, setV] = useState({ ...values, from: forInput(values.from), to: forInput(values.to) });
  const set = (key: keyof FilterValues) => (value: string) => setV((old) => ({ ...old, [key]: value }));
  return (
    <Card>
      <Form method="get">
        <InlineGrid columns={{ xs: 1, sm: 2, lg: 4 }} gap="300">
          <Select label="Vendor" name="vendor" options={[any, ...vendors.map((x) => ({ label: x.name, value: x.id }))]} value={v.vendor ?? ""} onChange={set("vendor")} />
          <Select label="Status" name="status" options={STATUS_OPTIONS} value={v.status ?? ""} onChange={set("status")} />
          <Select label="Topic" name="topic" options={[any, ...topics.map((t) => ({ label: t, value: t }))]} value={v.topic ?? ""} onChange={set("topic")} />
          <Select label="Data" name="kind" options={[any, ...Object.entries(KIND_LABEL).map(([value, label]) => ({ label, value }))]} value={v.kind ?? ""} onChange={set("kind")} />
          <TextField label="Shopify ID" name="entity" autoComplete="off" value={v.entity ?? ""} onChange={set("entity")} helpText="Order, customer, product or collection ID" />
          <TextField label="From (UTC)" name="from" type="datetime-local" autoComplete="off" value={v.from} onChange={set("from")} />
          <TextField label="To (UTC)" name="to" type="datetime-local" autoComplete="off" value={v.to} onChange={set("to")} />
          <InlineStack gap="200" blockAlign="end">
            <Button submit variant="primary">Apply filters</Button>
            <Button url="/app/activity">Clear</Button>
          </InlineStack>
        </InlineGrid>
      </Form>
    </Card>
  );
}
