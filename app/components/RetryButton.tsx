// Retry through the page's action: one row (`id`) or every failed row of the current filter.
import { Form, useNavigation } from "@remix-run/react";
import { Button } from "@shopify/polaris";

export function RetryButton({ id, label = "Retry", action }: { id?: string; label?: string; action?: string }) {
  const nav = useNavigation();
  const intent = id ? "retry" : "retry-all";
  const busy = nav.state === "submitting" && nav.formData?.get("intent") === intent && (!id || nav.formData?.get("id") === id);
  return (
    <Form method="post" action={action}>
      <input type="hidden" name="intent" value={intent} />
      {id && <input type="hidden" name="id" value={id} />}
      <Button submit size="slim" loading={busy} accessibilityLabel={id ? `Retry delivery ${id}` : undefined}>{label}</Button>
    </Form>
  );
}
