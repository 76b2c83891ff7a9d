// Shopify webhook payloads → the canonical model. The intake and the delivery engine need only topics.
export { DATA_TOPICS, describeWebhook, toEntity, InvalidPayloadError, UnknownOrderError } from "./topics";
export type { DataTopic, WebhookDescription } from "./topics";
export { applyRefund } from "./refund";
