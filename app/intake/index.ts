// The one way records enter Conduit's store: Shopify webhooks, reconciliation, and the pixel's
// collect endpoint all go through the same group commit (see group-commit.server.ts).
export { enqueue } from "./group-commit.server";
export type { IncomingWebhook as IntakeRecord, StoreResult } from "../webhooks/store.server";
