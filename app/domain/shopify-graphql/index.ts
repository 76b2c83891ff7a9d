// Admin GraphQL nodes → the canonical model, for records reconciliation fetches.
export { describeReconciled, isReconcileTopic, reconciledEntity, RECONCILE_TOPICS } from "./topics";
export type { ReconciledKind } from "./topics";
export { RECONCILE_CUSTOMER, RECONCILE_ORDER, RECONCILE_PRODUCT } from "./queries";
