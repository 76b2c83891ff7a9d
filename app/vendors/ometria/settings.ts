// Ometria connection settings. Staging and live are separate Ometria accounts on the same API
// host, so a connection holds one account's API key and account ID; the environment picks which.
import { z } from "zod";
import type { SettingsField, VendorSettingsSpec } from "../types";

/** Form posts send "" for an untouched optional field: store it as absent. */
const optionalText = (label: string, check?: { test: (v: string) => boolean; message: string }) =>
  z.string({ invalid_type_error: `${label} must be text` })
    .trim()
    .refine((v) => v === "" || !check || check.test(v), check?.message ?? "")
    .optional()
    .transform((v) => v || undefined);

const required = (label: string) =>
  z.string({ required_error: `${label} is required`, invalid_type_error: `${label} must be text` })
    .trim()
    .min(1, `${label} is required`);

const httpsUrl = (v: string) => v.startsWith("https://") && URL.canParse(v);

export const schema = z
  .object({
    apiKey: required("API key"),
    accountId: required("Account ID").regex(/^[A-Za-z0-9]+$/, "Account ID must contain only letters and digits (the hash in your Ometria tag URL)"),
    headlessUrl: optionalText("Headless tracking URL", {
      test: httpsUrl,
      message: "Headless tracking URL must be a full https:// address, such as https://abc.store-xyz.ometria.services",
    }),
    headlessKey: optionalText("Headless API key"),
    headlessSecret: optionalText("Headless API secret"),
  })
  .superRefine((s, ctx) => {
    // The headless API authenticates with HTTP Basic key:secret; a URL without both is unusable.
    if (!s.headlessUrl) return;
    if (!s.headlessKey) ctx.addIssue({ code: "custom", path: ["headlessKey"], message: "Headless API key is required when a headless tracking URL is set" });
    if (!s.headlessSecret) ctx.addIssue({ code: "custom", path: ["headlessSecret"], message: "Headless API secret is required when a headless tracking URL is set" });
  });

export type OmetriaSettings = z.infer<typeof schema>;

const fields: SettingsField[] = [
  {
    key: "apiKey",
    label: "API key",
    help: "The access token Ometria sent you for this account, used to push orders, products and contacts. Staging and live accounts have different tokens.",
    secret: true,
    required: true,
  },
  {
    key: "accountId",
    label: "Account ID",
    help: "Your Ometria account hash, as in the tag address //cdn.ometria.com/tags/<account id>.js. Staging and live accounts have different IDs.",
    secret: false,
    required: true,
  },
  {
    key: "headlessUrl",
    label: "Headless tracking URL",
    help: "Only for headless storefronts: https://{domainkey}.store-{locationkey}.ometria.services, as given by Ometria.",
    secret: false,
    required: false,
  },
  {
    key: "headlessKey",
    label: "Headless API key",
    help: "The key half of the HTTP Basic credentials for Ometria's headless tracking API.",
    secret: true,
    required: false,
  },
  {
    key: "headlessSecret",
    label: "Headless API secret",
    help: "The secret half of the HTTP Basic credentials for Ometria's headless tracking API.",
    secret: true,
    required: false,
  },
];

export const settings: VendorSettingsSpec<OmetriaSettings> = { schema, fields };
