// The three settings the Shopify library needs before anything else, checked by the names an
// operator sets. The library's own refusal names its fields (apiKey, hostName) and adds advice
// about API versions that does not apply: "Missing values for: hostName" for a SHOPIFY_APP_URL of
// "localhost:3000".
import { httpUrlProblem } from "../env";

/** What is wrong with SHOPIFY_API_KEY, SHOPIFY_API_SECRET and SHOPIFY_APP_URL, one line each. */
export function appSettingProblems(env: Record<string, string | undefined>): string[] {
  const problems: string[] = [];
  if (!env.SHOPIFY_API_KEY?.trim()) problems.push("SHOPIFY_API_KEY is not set (the app's client id, from the Partner dashboard or `shopify app env show`)");
  if (!env.SHOPIFY_API_SECRET?.trim()) problems.push("SHOPIFY_API_SECRET is not set (the app's client secret: it verifies every webhook)");
  const url = env.SHOPIFY_APP_URL;
  const bad = url === undefined ? undefined : httpUrlProblem("SHOPIFY_APP_URL", url, "https://conduit.example.com (the app's public address)");
  if (bad) problems.push(bad);
  return problems;
}
