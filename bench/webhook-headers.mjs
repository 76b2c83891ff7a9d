// The headers Shopify sends with a webhook, as both intake load generators send them: each request
// a new webhook id and event id, so none is a duplicate.
export const webhookHeaders = (o, hmac, id) => ({
  "content-type": "application/json",
  "x-shopify-hmac-sha256": hmac,
  "x-shopify-topic": o.topic,
  "x-shopify-shop-domain": o.shop,
  "x-shopify-api-version": "2025-10",
  "x-shopify-webhook-id": id,
  "x-shopify-event-id": id,
  "x-shopify-triggered-at": new Date().toISOString(),
});
