import "@shopify/shopify-app-remix/adapters/node";
import { ApiVersion, AppDistribution, LogSeverity, shopifyApp } from "@shopify/shopify-app-remix/server";
import prisma from "./db.server";
import { appSettingProblems } from "./shopify/app-settings";
import { RecoveringSessionStorage } from "./shopify/session-storage.server";

const problems = appSettingProblems(process.env);
if (problems.length) throw new Error(problems.join("; "));

// A database that was down when the process started must not keep the admin out once it is back.
const sessionStorage = new RecoveringSessionStorage(prisma);

export const apiVersion = ApiVersion.October26;

const shopify = shopifyApp({
  apiKey: process.env.SHOPIFY_API_KEY,
  apiSecretKey: process.env.SHOPIFY_API_SECRET ?? "",
  apiVersion,
  scopes: process.env.SCOPES?.split(","),
  appUrl: process.env.SHOPIFY_APP_URL ?? "http://localhost:3000",
  authPathPrefix: "/auth",
  sessionStorage,
  distribution: AppDistribution.AppStore,
  // The library's own info lines (a banner per process) would clutter the CLI and JSON logs.
  logger: { level: LogSeverity.Warning },
  future: { unstable_newEmbeddedAuthStrategy: true, expiringOfflineAccessTokens: true },
  ...(process.env.SHOP_CUSTOM_DOMAIN ? { customShopDomains: [process.env.SHOP_CUSTOM_DOMAIN] } : {}),
});

export default shopify;
export const addDocumentResponseHeaders = shopify.addDocumentResponseHeaders;
export const authenticate = shopify.authenticate;
export const unauthenticated = shopify.unauthenticated;
export const login = shopify.login;
export { sessionStorage };
