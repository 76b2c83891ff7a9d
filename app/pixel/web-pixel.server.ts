// Keeps the shop's Web Pixel in step with its connections: webPixelCreate when a server-side
// vendor first wants storefront events, webPixelUpdate when its settings changed, webPixelDelete
// when none wants them any more. The Admin API holds the one record of whether it exists.
import { z } from "zod";
import prisma from "../db.server";
import { apiVersion } from "../shopify.server";
import { adminEndpoint, adminGraphql, AdminApiError } from "../shopify/admin-graphql.server";
import { offlineSessionId } from "../shopify/offline-session";
import { pixelSettings, wantsPixel } from "./wanted";

export type PixelState = { connected: true; id: string } | { connected: false };
export type PixelChange = "created" | "updated" | "deleted" | "unchanged";

const userErrors = z.array(z.object({ field: z.array(z.string()).nullable().optional(), message: z.string(), code: z.string().nullable().optional() }));
const pixelNode = z.object({ id: z.string(), settings: z.unknown() }).nullable();

const GET = `query WebPixel { webPixel { id settings } }`;
const CREATE = `mutation WebPixelCreate($webPixel: WebPixelInput!) { webPixelCreate(webPixel: $webPixel) { webPixel { id settings } userErrors { field message code } } }`;
const UPDATE = `mutation WebPixelUpdate($id: ID!, $webPixel: WebPixelInput!) { webPixelUpdate(id: $id, webPixel: $webPixel) { webPixel { id settings } userErrors { field message code } } }`;
const DELETE = `mutation WebPixelDelete($id: ID!) { webPixelDelete(id: $id) { deletedWebPixelId userErrors { field message code } } }`;

type Call = Parameters<typeof adminGraphql>[0];
const callFor = (session: { shop: string; accessToken?: string }): Call => ({ endpoint: adminEndpoint(session.shop, apiVersion), accessToken: session.accessToken ?? "", timeoutMs: 10_000 });

function failIfErrors(what: string, errors: z.infer<typeof userErrors>) {
  if (errors.length > 0) throw new AdminApiError(`${what}: ${errors.map((e) => `${(e.field ?? []).join(".") || "input"}: ${e.message}`).join("; ")}`, "graphql");
}

/** Shopify answers "no web pixel" with a null or a not-found error; both mean none. */
async function current(call: Call): Promise<{ id: string; settings: string } | null> {
  try {
    const { webPixel } = await adminGraphql(call, GET, {}, z.object({ webPixel: pixelNode }));
    if (!webPixel) return null;
    return { id: webPixel.id, settings: typeof webPixel.settings === "string" ? webPixel.settings : JSON.stringify(webPixel.settings) };
  } catch (err) {
    if (err instanceof AdminApiError && err.code === "graphql" && /not.?found|no web pixel/i.test(err.message)) return null;
    throw err;
  }
}

export async function pixelState(session: { shop: string; accessToken?: string }): Promise<PixelState> {
  const pixel = await current(callFor(session));
  return pixel ? { connected: true, id: pixel.id } : { connected: false };
}

/** Throws AdminApiError when Shopify did not take it; callers report it without undoing a save. */
export async function syncWebPixel(session: { shop: string; accessToken?: string }, appUrl = process.env.SHOPIFY_APP_URL ?? ""): Promise<PixelChange> {
  const call = callFor(session);
  const connections = await prisma.vendorConnection.findMany({ where: { shop: { domain: session.shop } } });
  const want = wantsPixel(connections);
  const pixel = await current(call);
  const settings = JSON.stringify(pixelSettings(appUrl, session.shop));
  if (want && !pixel) {
    const { webPixelCreate } = await adminGraphql(call, CREATE, { webPixel: { settings } }, z.object({ webPixelCreate: z.object({ userErrors }) }));
    failIfErrors("webPixelCreate", webPixelCreate.userErrors);
    return "created";
  }
  if (want && pixel && pixel.settings !== settings) {
    const { webPixelUpdate } = await adminGraphql(call, UPDATE, { id: pixel.id, webPixel: { settings } }, z.object({ webPixelUpdate: z.object({ userErrors }) }));
    failIfErrors("webPixelUpdate", webPixelUpdate.userErrors);
    return "updated";
  }
  if (!want && pixel) {
    const { webPixelDelete } = await adminGraphql(call, DELETE, { id: pixel.id }, z.object({ webPixelDelete: z.object({ userErrors }) }));
    failIfErrors("webPixelDelete", webPixelDelete.userErrors);
    return "deleted";
  }
  return "unchanged";
}

/** After a saved change: a failure is a warning line, never a lost save. */
export async function syncPixelAfterSave(session: { shop: string; accessToken?: string }): Promise<string | null> {
  try {
    await syncWebPixel(session);
    return null;
  } catch (err) {
    return `The Web Pixel could not be updated: ${err instanceof Error ? err.message : String(err)}`;
  }
}

/**
 * For processes without a merchant's request (the CLI): the shop's offline token. Says what
 * happened to the pixel, or null when the shop has no token to ask Shopify with.
 */
export async function syncPixelForShop(domain: string): Promise<string | null> {
  const session = await prisma.session.findUnique({ where: { id: offlineSessionId(domain) }, select: { accessToken: true } });
  if (!session?.accessToken) return null;
  try {
    const change = await syncWebPixel({ shop: domain, accessToken: session.accessToken });
    return change === "unchanged" ? null : `Web Pixel ${change}`;
  } catch (err) {
    return `the Web Pixel could not be updated: ${err instanceof Error ? err.message : String(err)}`;
  }
}
