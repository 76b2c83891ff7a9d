// "Test connection". Every Tracktor.io method writes something, so the least intrusive proof is a
// `/set` with an empty data object on a reserved probe identity: it changes no property of any
// real person. Trade-off: Tracktor.io may list that probe as an (empty) person in the People list.
import { AuthError, RejectedRecordError, VendorError } from "../errors";
import type { VendorContext, VerifyResult } from "../types";
import { tracktorSend } from "./client";
import type { TracktorSettings } from "./settings";

export const PROBE_IDENTITY = "conduit-connection-test";

export async function verifyTracktor(ctx: VendorContext<TracktorSettings>): Promise<VerifyResult> {
  const signed = Boolean(ctx.settings.signatureSecret);
  try {
    await tracktorSend(ctx, { method: "set", id: PROBE_IDENTITY, data: {} });
    return {
      ok: true,
      message: signed
        ? "Connected: Tracktor.io accepted the application token and the signature secret."
        : "Connected: Tracktor.io accepted the application token.",
    };
  } catch (err) {
    if (err instanceof AuthError && err.httpStatus === 403) {
      return signed
        ? { ok: false, field: "signatureSecret", message: "Tracktor.io refused the signature: check the signature secret in Tracktor.io's secure mode settings." }
        : { ok: false, field: "signatureSecret", message: "This Tracktor.io app accepts only signed data: enter its signature secret." };
    }
    if (err instanceof AuthError) {
      return { ok: false, field: "token", message: "Tracktor.io does not recognise this application token: copy it from Application settings → Integration settings." };
    }
    if (err instanceof RejectedRecordError) {
      return { ok: false, message: `Tracktor.io refused the test call: ${err.response ?? err.message}` };
    }
    if (err instanceof VendorError) {
      return { ok: false, message: `Tracktor.io could not be reached right now (${err.message}). Try again in a few minutes.` };
    }
    throw err;
  }
}
