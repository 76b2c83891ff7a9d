// /auth/login: where a merchant who opens the app outside the Shopify admin names their store, as
// in Shopify's app template. The library's login() validates the shop and starts OAuth; this
// route must not call authenticate.admin() (the library refuses that on its own login path).
import type { ActionFunctionArgs, LoaderFunctionArgs } from "@remix-run/node";
import { Form, useActionData, useLoaderData } from "@remix-run/react";
import { LoginErrorType } from "@shopify/shopify-app-remix/server";
import { AppProvider, Button, Card, FormLayout, Page, Text, TextField } from "@shopify/polaris";
import en from "@shopify/polaris/locales/en.json";
import polarisStyles from "@shopify/polaris/build/esm/styles.css?url";
import { useState } from "react";
import { login } from "../shopify.server";

export const links = () => [{ rel: "stylesheet", href: polarisStyles }];

type LoginErrors = Awaited<ReturnType<typeof login>>;

/** The library's error codes in words a merchant can act on. */
function explain(errors: LoginErrors): { shop?: string } {
  if (errors?.shop === LoginErrorType.MissingShop) return { shop: "Enter your store's domain to log in" };
  if (errors?.shop === LoginErrorType.InvalidShop) return { shop: "Enter a store domain such as my-shop.myshopify.com" };
  return {};
}

// login() returns errors to show, or throws the redirect into OAuth once the shop is valid.
export const loader = async ({ request }: LoaderFunctionArgs) => ({ errors: explain(await login(request)) });
export const action = async ({ request }: ActionFunctionArgs) => ({ errors: explain(await login(request)) });

export default function Login() {
  const loaded = useLoaderData<typeof loader>();
  const acted = useActionData<typeof action>();
  const [shop, setShop] = useState("");
  const { errors } = acted ?? loaded;
  return (
    <AppProvider i18n={en}>
      <Page narrowWidth>
        <Card>
          <Form method="post">
            <FormLayout>
              <Text variant="headingMd" as="h2">
                Log in to Conduit
              </Text>
              <TextField
                type="text"
                name="shop"
                label="Shop domain"
                helpText="example.myshopify.com"
                value={shop}
                onChange={setShop}
                autoComplete="on"
                error={errors.shop}
              />
              <Button submit>Log in</Button>
            </FormLayout>
          </Form>
        </Card>
      </Page>
    </AppProvider>
  );
}
