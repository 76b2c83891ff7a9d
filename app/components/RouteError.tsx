// A page's error state: "not found" for records that are not this shop's (or do not exist), the
// Shopify auth responses handed to the library's boundary, and anything else as a plain banner.
import { isRouteErrorResponse, useRouteError } from "@remix-run/react";
import { Banner, Page, Text } from "@shopify/polaris";
import { boundary } from "@shopify/shopify-app-remix/server";

export function RouteError({ title, backUrl = "/app" }: { title: string; backUrl?: string }) {
  const error = useRouteError();
  if (isRouteErrorResponse(error) && error.status !== 404) return boundary.error(error);
  const notFound = isRouteErrorResponse(error);
  return (
    <Page title={title} backAction={{ content: "Back", url: backUrl }}>
      <Banner tone={notFound ? "warning" : "critical"} title={notFound ? "Not found" : "This page could not be shown"}>
        <Text as="p">
          {notFound
            ? "There is nothing here for your store. The link may be out of date."
            : "Something went wrong on Conduit's side. Reload the page; if it keeps happening, contact support with the time it happened."}
        </Text>
      </Banner>
    </Page>
  );
}
