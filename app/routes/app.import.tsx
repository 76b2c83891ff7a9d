// Import: every past customer, collection, product and order to the connected vendors — start it
// per vendor or for all, watch each resource's bar move, pause, resume or cancel, see what was
// refused and why, and the history of past imports. The page refreshes itself while one runs.
import type { ActionFunctionArgs, LoaderFunctionArgs } from "@remix-run/node";
import { Form, useActionData, useLoaderData, useNavigation } from "@remix-run/react";
import { Banner, BlockStack, Button, Card, DataTable, InlineStack, Page, Select, Text } from "@shopify/polaris";
import { useState } from "react";
import prisma from "../db.server";
import { requireShop } from "../admin/shop.server";
import { cancelImport, ImportRefusedError, pauseImport, resumeImport, startImport } from "../import/control.server";
import { listRuns, runView } from "../import/status.server";
import { ImportProgress, RunBadge } from "../components/ImportProgress";
import { RouteError } from "../components/RouteError";
import { Timestamp } from "../components/Timestamp";
import { useRevalidateWhile } from "../components/useRevalidateWhile";

export const loader = async ({ request }: LoaderFunctionArgs) => {
  const { session, domain, shopId } = await requireShop(request);
  const connections = shopId ? await prisma.vendorConnection.findMany({ where: { shopId, enabled: true }, select: { vendor: true } }) : [];
  const runs = await listRuns(domain, 10);
  const current = runs.find((r) => ["queued", "running", "paused"].includes(r.status)) ?? runs[0];
  return {
    vendors: connections.map((c) => c.vendor),
    allOrders: (session.scope ?? "").split(",").includes("read_all_orders"),
    current: current ? await runView(current.id) : null,
    history: runs.map((r) => ({ id: r.id, status: r.status, vendors: r.vendors, startedAt: r.startedAt.toISOString(), finishedAt: r.finishedAt?.toISOString() ?? null, reason: r.statusReason })),
  };
};

export const action = async ({ request }: ActionFunctionArgs) => {
  const { domain, shopId } = await requireShop(request);
  const form = await request.formData();
  const intent = String(form.get("intent"));
  try {
    if (intent === "start") {
      const vendor = String(form.get("vendor") ?? "all");
      await startImport({ shop: domain, vendors: vendor === "all" ? undefined : [vendor] });
      return { ok: "Import started." };
    }
    // A run id from the form is only acted on when it is this shop's.
    const run = await prisma.importRun.findFirst({ where: { id: String(form.get("runId")), shopId: shopId ?? "" } });
    if (!run) throw new Response("Import not found", { status: 404 });
    if (intent === "pause") await pauseImport(run.id);
    else if (intent === "resume") await resumeImport(run.id);
    else if (intent === "cancel") await cancelImport(run.id);
    else throw new Response("Unknown action", { status: 400 });
    return { ok: `Import ${intent === "pause" ? "paused" : intent === "resume" ? "resumed" : "cancelled"}.` };
  } catch (err) {
    if (err instanceof ImportRefusedError) return { error: err.message };
    throw err;
  }
};

const PHASES: Record<string, string> = { waiting: "to ask Shopify", bulk: "Shopify is exporting", staging: "reading", publishing: "queueing", done: "read" };
// Mirrors ACTIVE_STATES of app/import/control.server (a server module the page cannot import).
const ACTIVE_STATES = ["queued", "running", "paused"];
const NAMES: Record<string, string> = { metrilo: "Metrilo", ometria: "Ometria", tracktor: "Tracktor.io", tracify: "Tracify" };

function Steer({ runId, intent, label, tone }: { runId: string; intent: string; label: string; tone?: "critical" }) {
  return (
    <Form method="post">
      <input type="hidden" name="runId" value={runId} />
      <input type="hidden" name="intent" value={intent} />
      <Button submit tone={tone}>{label}</Button>
    </Form>
  );
}

export default function Import() {
  const { vendors, allOrders, current, history } = useLoaderData<typeof loader>();
  const result = useActionData<typeof action>();
  const busy = useNavigation().state !== "idle";
  const [vendor, setVendor] = useState("all");
  const active = current !== null && ACTIVE_STATES.includes(current.status);
  useRevalidateWhile(active, 1_500);
  return (
    <Page title="Import">
      <BlockStack gap="400">
        {result && "error" in result && <Banner tone="critical" title="Not started"><Text as="p">{result.error}</Text></Banner>}
        {result && "ok" in result && <Banner tone="success"><Text as="p">{result.ok}</Text></Banner>}
        {!allOrders && (
          <Banner tone="warning" title="Orders reach back 60 days">
            <Text as="p">Shopify gives apps orders older than 60 days only with the read_all_orders permission, which this shop has not granted yet. Until it does, the import brings the last 60 days of orders; customers, collections and products are imported whole.</Text>
          </Banner>
        )}
        <Card>
          <BlockStack gap="300">
            <Text as="h2" variant="headingMd">Send your store's history</Text>
            <Text as="p">Every past customer, collection, product and order is read from Shopify in bulk and sent through the same queue as live updates, at each vendor's own pace. Live updates keep flowing, and a newer live change always wins over an older imported one.</Text>
            {vendors.length === 0 ? (
              <Text as="p" tone="subdued">Connect a vendor first.</Text>
            ) : (
              <Form method="post">
                <input type="hidden" name="intent" value="start" />
                <InlineStack gap="300" blockAlign="end">
                  <Select label="Send to" name="vendor" value={vendor} onChange={setVendor}
                    options={[{ label: "All connected vendors", value: "all" }, ...vendors.map((v) => ({ label: NAMES[v] ?? v, value: v }))]} />
                  <Button submit variant="primary" loading={busy} disabled={active}>Start import</Button>
                </InlineStack>
              </Form>
            )}
          </BlockStack>
        </Card>
        {current && (
          <Card>
            <BlockStack gap="300">
              <InlineStack align="space-between" blockAlign="center">
                <InlineStack gap="200" blockAlign="center">
                  <Text as="h2" variant="headingMd">Import started <Timestamp at={current.startedAt} /></Text>
                  <RunBadge status={current.status} />
                </InlineStack>
                <InlineStack gap="200">
                  {["queued", "running"].includes(current.status) && <Steer runId={current.id} intent="pause" label="Pause" />}
                  {["paused", "failed"].includes(current.status) && <Steer runId={current.id} intent="resume" label="Resume" />}
                  {active && <Steer runId={current.id} intent="cancel" label="Cancel" tone="critical" />}
                </InlineStack>
              </InlineStack>
              {current.statusReason && <Text as="p" tone="subdued">{current.statusReason}</Text>}
              <Text as="p" tone="subdued">
                From Shopify: {current.resources.map((r) => `${r.records} ${r.resource}${r.unreadable ? ` (${r.unreadable} unreadable)` : ""} — ${PHASES[r.phase] ?? r.phase}`).join(" · ")}
              </Text>
            </BlockStack>
          </Card>
        )}
        {current && <ImportProgress run={current} />}
        {history.length > 0 && (
          <Card>
            <BlockStack gap="200">
              <Text as="h2" variant="headingMd">History</Text>
              <DataTable
                columnContentTypes={["text", "text", "text", "text"]}
                headings={["Started", "Vendors", "Status", "Finished"]}
                rows={history.map((h) => [<Timestamp key={h.id} at={h.startedAt} />, h.vendors.split(",").map((v) => NAMES[v] ?? v).join(", "),
                  `${h.status}${h.reason ? ` (${h.reason})` : ""}`, h.finishedAt ? <Timestamp key={`${h.id}f`} at={h.finishedAt} /> : "—"])}
              />
            </BlockStack>
          </Card>
        )}
      </BlockStack>
    </Page>
  );
}

export const ErrorBoundary = () => <RouteError title="Import" />;
