// Metrilo connection settings. The token is public (the storefront tag carries it); the secret
// signs every backend call and never leaves the server.
import { z } from "zod";
import type { SettingsField, VendorSettingsSpec } from "../types";

const required = (label: string) =>
  z
    .string({ required_error: `${label} is required`, invalid_type_error: `${label} must be text` })
    .trim()
    .min(1, `${label} is required`)
    .refine((v) => !/\s/.test(v), `${label} must not contain spaces`);

export const metriloSettingsSchema = z.object({
  apiToken: required("API token"),
  apiSecret: required("API secret"),
});

export type MetriloSettings = z.infer<typeof metriloSettingsSchema>;

const fields: SettingsField[] = [
  {
    key: "apiToken",
    label: "API token",
    help: "In your Metrilo project open Settings → Installation and copy the API Token. It identifies the project and is also used by the storefront tracking script.",
    secret: false,
    required: true,
  },
  {
    key: "apiSecret",
    label: "API secret",
    help: "From the same Settings → Installation page: the API Secret. It signs every request (X-Digest header) and is never shown to shoppers.",
    secret: true,
    required: true,
  },
];

export const metriloSettings: VendorSettingsSpec<MetriloSettings> = { schema: metriloSettingsSchema, fields };
