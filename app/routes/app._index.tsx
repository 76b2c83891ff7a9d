import type { LoaderFunctionArgs } from "@remix-run/node";
import { useLoaderData } from "@remix-run/react";
import { BlockStack, Card, Page, Text } from "@shopify/polaris";
import { authenticate } from "../shopify.server";
import prisma from "../db.server";

export const loader = async ({ request }: LoaderFunctionArgs) => {
  const { session } = await authenticate.admin(request);
  const connections = await prisma.vendorConnection.findMany({
    where: { shop: { domain: session.shop } },
    select: { vendor: true, status: true },
  });
  return { connections };
};

export default function Overview() {
  const { connections } = useLoaderData<typeof loader>();
  return (
    <Page title="Conduit">
      <BlockStack gap="400">
        {connections.map((c) => (
          <Card key={c.vendor}>
            <Text as="h2" variant="headingMd">{c.vendor}</Text>
            <Text as="p">{c.status}</Text>
          </Card>
        ))}
      </BlockStack>
    </Page>
  );
}
