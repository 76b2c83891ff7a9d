-- IF NOT EXISTS: on a large database, create them first with CREATE INDEX CONCURRENTLY (same names)
-- so that this migration does not hold writes while it builds them (README, retention).
-- CreateIndex
CREATE INDEX IF NOT EXISTS "Delivery_shopId_createdAt_vendor_status_idx" ON "Delivery"("shopId", "createdAt", "vendor", "status");

-- CreateIndex
CREATE INDEX IF NOT EXISTS "Delivery_shopId_topic_idx" ON "Delivery"("shopId", "topic");

