// "Test connection" with an empty batch, {"events": []}: it proves the API key and records nothing.
// Tracify has no call that checks a customer site ID without recording an event, so the CSID is
// only checked (and the connection paused if it is wrong) at the first purchase.
import { AuthError, VendorError } from "../errors";
import type { VendorContext, VerifyResult } from "../types";
import { postEvents } from "./client";
import type { TracifySettings } from "./settings";

export async function verifyTracify(ctx: VendorContext<TracifySettings>): Promise<VerifyResult> {
  try {
    await postEvents(ctx, []);
    return { ok: true, message: "Connected: Tracify accepted the API key. The customer site ID is checked when the first purchase is sent." };
  } catch (err) {
    if (err instanceof AuthError) {
      return { ok: false, field: "apiKey", message: "Tracify refused this API key: check it with your Tracify Customer Success Manager." };
    }
    if (err instanceof VendorError) {
      return { ok: false, message: `Tracify could not check the key right now (${err.message}). Try again in a few minutes.` };
    }
    throw err;
  }
}
