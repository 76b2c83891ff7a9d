import { z } from "zod";
import type { VendorSettingsSpec } from "../types";

// The admin form submits an untouched optional field as "", which must mean "not set".
const blankToUndefined = (v: unknown) => (typeof v === "string" && v.trim() === "" ? undefined : v);

const schema = z.object({
  token: z
    .string({ required_error: "token: the application token is required", invalid_type_error: "token: must be text" })
    .trim()
    .min(1, "token: the application token is required")
    .regex(/^\S*$/, "token: the application token cannot contain spaces"),
  signatureSecret: z.preprocess(
    blankToUndefined,
    z
      .string({ invalid_type_error: "signatureSecret: must be text" })
      .trim()
      .regex(/^\S*$/, "signatureSecret: the signature secret cannot contain spaces")
      .optional(),
  ),
});

export type TracktorSettings = z.infer<typeof schema>;

export const tracktorSettings: VendorSettingsSpec<TracktorSettings> = {
  schema: schema as z.ZodType<TracktorSettings>,
  fields: [
    {
      key: "token",
      label: "Application token",
      help: "Your application token (sid), found in Tracktor.io under Application settings → Integration settings. The storefront script uses it too, so it is not a secret.",
      secret: false,
      required: true,
    },
    {
      key: "signatureSecret",
      label: "Signature secret",
      help: "Needed only when \"Allow only signed data\" (secure mode) is on: every person identity is signed with HMAC-SHA256 using this secret, on the server, so nobody can send data as another person.",
      secret: true,
      required: false,
    },
  ],
};
