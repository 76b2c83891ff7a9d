// "Test connection". Reading `GET /v2/push/_errors` proves the API key without writing anything
// to the account; an empty push `[]` would also do, but whether Ometria takes an empty array
// as harmless or as a malformed push is undocumented, and a read cannot change shop data.
import { AuthError, RateLimitedError, RetryableError } from "../errors";
import type { VendorContext, VerifyResult } from "../types";
import { recentErrors } from "./client";
import type { OmetriaSettings } from "./settings";

export async function verify(ctx: VendorContext<OmetriaSettings>): Promise<VerifyResult> {
  const account = ctx.environment === "staging" ? "staging" : "live";
  try {
    await recentErrors(ctx);
    return { ok: true, message: `Connected to Ometria: the ${account} account accepted the API key.` };
  } catch (err) {
    if (err instanceof AuthError) {
      return {
        ok: false,
        field: "apiKey",
        message: `Ometria refused the API key (${err.httpStatus}). Check that it is the key of your ${account} account: staging and live have different keys.`,
      };
    }
    if (err instanceof RateLimitedError) {
      return { ok: false, message: "Ometria is receiving too many requests from this account right now. Try again in a few seconds." };
    }
    if (err instanceof RetryableError) {
      return { ok: false, message: `Ometria could not be reached or had a problem (${err.message}). Try again in a few minutes.` };
    }
    return { ok: false, message: `Ometria gave an unexpected answer: ${err instanceof Error ? err.message : String(err)}` };
  }
}
