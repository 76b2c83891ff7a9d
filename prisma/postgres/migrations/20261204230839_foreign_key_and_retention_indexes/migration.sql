-- IF NOT EXISTS: on a large database, create these first with CREATE INDEX CONCURRENTLY (same
-- names) so that this migration does not hold writes while it builds them (README, retention).
-- CreateIndex
CREATE INDEX IF NOT EXISTS "WebhookEvent_status_receivedAt_idx" ON "WebhookEvent"("status", "receivedAt");

-- CreateIndex
CREATE INDEX IF NOT EXISTS "Delivery_eventId_idx" ON "Delivery"("eventId");

-- CreateIndex
CREATE INDEX IF NOT EXISTS "Delivery_status_updatedAt_idx" ON "Delivery"("status", "updatedAt");

-- CreateIndex
CREATE INDEX IF NOT EXISTS "PrivacyRequest_shopId_idx" ON "PrivacyRequest"("shopId");

