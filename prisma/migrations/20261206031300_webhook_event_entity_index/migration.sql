-- CreateIndex
CREATE INDEX "WebhookEvent_shopId_entityId_receivedAt_idx" ON "WebhookEvent"("shopId", "entityId", "receivedAt");

