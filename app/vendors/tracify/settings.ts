import { z } from "zod";
import type { VendorSettingsSpec } from "../types";

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

const schema = z.object({
  apiKey: z
    .string({ required_error: "apiKey: the API key is required", invalid_type_error: "apiKey: must be text" })
    .trim()
    .min(1, "apiKey: the API key is required")
    .regex(/^\S*$/, "apiKey: the API key cannot contain spaces"),
  customerSiteId: z
    .string({ required_error: "customerSiteId: the customer site ID is required", invalid_type_error: "customerSiteId: must be text" })
    .trim()
    .min(1, "customerSiteId: the customer site ID is required")
    // Lowercase, as Tracify writes CSIDs; a pasted uppercase ID means the same site.
    .transform((v) => v.toLowerCase())
    .refine((v) => UUID.test(v), "customerSiteId: must be a UUID like 00000000-0000-0000-0000-000000000000"),
});

export type TracifySettings = z.infer<typeof schema>;

export const tracifySettings: VendorSettingsSpec<TracifySettings> = {
  schema: schema as z.ZodType<TracifySettings>,
  fields: [
    {
      key: "apiKey",
      label: "API key",
      help: "Your Tracify server-side API key (sent as the tracify-token header). If you don't have one, ask your Tracify Customer Success Manager.",
      secret: true,
      required: true,
    },
    {
      key: "customerSiteId",
      label: "Customer site ID (CSID)",
      help: "Your customer site ID, a UUID provided by your Tracify account representative.",
      secret: false,
      required: true,
    },
  ],
};
