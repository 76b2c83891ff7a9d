// Stores a fetched record the way the intake stores a webhook — one event, outbox rows for the
// connections that want it, the worker woken — under a synthetic topic and webhook id.
import { isUniqueViolation } from "../db.server";
import { notifyDue } from "../delivery/scheduler.server";
import { describeReconciled, RECONCILE_TOPICS, type ReconciledKind } from "../domain/shopify-graphql";
import { storeWebhook } from "../webhooks/store.server";
import { ADMIN_API_VERSION } from "./config";
import { reconcileWebhookId, type Listed } from "./held.server";

/** enqueued: stored with outbox rows; rejected: stored, but the mappers cannot read it. */
export type StoreOutcome = "enqueued" | "rejected" | "duplicate" | "not-stored";

export async function storeReconciled(shop: string, kind: ReconciledKind, listed: Listed, node: object, now: Date): Promise<StoreOutcome> {
  try {
    const result = await storeWebhook({
      shop,
      topic: RECONCILE_TOPICS[kind],
      webhookId: reconcileWebhookId(shop, kind, listed),
      apiVersion: ADMIN_API_VERSION,
      triggeredAt: now.toISOString(),
      body: JSON.stringify(node),
      describe: describeReconciled,
    });
    if (result.outcome !== "stored") return result.outcome;
    notifyDue(result.connectionIds);
    return result.status === "accepted" ? "enqueued" : "rejected";
  } catch (err) {
    // Another worker stored the same version between our check and our insert.
    if (isUniqueViolation(err)) return "duplicate";
    throw err;
  }
}
